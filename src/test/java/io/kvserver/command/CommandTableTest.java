package io.kvserver.command;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Looking commands up by the raw bytes of a request's first argument, as Redis does. */
class CommandTableTest {

	private final CommandTable table = new CommandHarness().table;

	@Test
	void everyCommandIsFoundByItsNameInAnyCase() {
		assertThat(this.table.all()).hasSizeGreaterThan(50);
		for (CommandSpec spec : this.table.all()) {
			assertThat(this.table.lookup(bytes(spec.name()))).as(spec.name()).isSameAs(spec);
			assertThat(this.table.lookup(bytes(spec.name().toUpperCase(Locale.ROOT)))).as(spec.name()).isSameAs(spec);
			assertThat(this.table.lookup(bytes(alternatingCase(spec.name())))).as(spec.name()).isSameAs(spec);
		}
	}

	@Test
	void nearMissesAreUnknown() {
		assertThat(this.table.lookup(bytes("ge"))).isNull();
		assertThat(this.table.lookup(bytes("gett"))).isNull();
		assertThat(this.table.lookup(bytes("get\0"))).as("a NUL is part of the name").isNull();
		assertThat(this.table.lookup(bytes(""))).isNull();
		assertThat(this.table.lookup(bytes("frobnicate"))).isNull();
		assertThat(this.table.lookup(bytes("client|list"))).as("subcommands are not top-level names").isNull();
	}

	@Test
	void onlyAsciiLettersFold() {
		// 'G' + 0x80 is not a letter in the C locale, and neither is the Latin-1 capital E with acute accent.
		assertThat(this.table.lookup(new byte[] { (byte) ('G' | 0x80), 'e', 't' })).isNull();
		assertThat(this.table.lookup(new byte[] { 'g', (byte) 0xC9, 't' })).isNull();
	}

	@Test
	void overlongNamesAreUnknownWithoutScanning() {
		assertThat(this.table.lookup(bytes("get".repeat(11)))).isNull();
		assertThat(this.table.lookup(new byte[1 << 20])).isNull();
	}

	private static String alternatingCase(String name) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			out.append(i % 2 == 0 ? Character.toUpperCase(c) : c);
		}
		return out.toString();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

}
