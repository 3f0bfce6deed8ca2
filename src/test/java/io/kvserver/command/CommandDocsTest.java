package io.kvserver.command;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kvserver.command.CommandCatalog.Node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * Every command kvserver has must be described by what Redis itself answers (captured by
 * CommandDocsIT), and its spec, which the dispatcher uses for arity checks, must agree with it.
 */
class CommandDocsTest {

	private final CommandHarness redis = new CommandHarness();

	private final CommandCatalog docs = CommandCatalog.shared();

	@Test
	void everyCommandAndSubcommandIsDescribedAndItsSpecAgrees() {
		List<CommandSpec> all = new ArrayList<>();
		for (CommandSpec spec : this.redis.table.all()) {
			all.add(spec);
			all.addAll(spec.subcommands().values());
		}
		assertThat(all).hasSizeGreaterThan(40);
		assertSoftly(softly -> {
			for (CommandSpec spec : all) {
				Node info = this.docs.info(spec.name());
				softly.assertThat(info).as("COMMAND INFO of " + spec.name()).isNotNull();
				softly.assertThat(this.docs.docs(spec.name())).as("COMMAND DOCS of " + spec.name()).isNotNull();
				if (info == null) {
					continue;
				}
				List<Node> e = info.children();
				softly.assertThat(e.get(0).text()).isEqualTo(spec.name());
				softly.assertThat(Long.parseLong(e.get(1).text())).as(spec.name() + " arity").isEqualTo(spec.arity());
				softly.assertThat(e.get(2).children().stream().map(Node::text).toList()).as(spec.name() + " flags")
					.isEqualTo(spec.flags());
				softly.assertThat(List.of(e.get(3).text(), e.get(4).text(), e.get(5).text()))
					.as(spec.name() + " first, last key and step")
					.isEqualTo(List.of(Integer.toString(spec.firstKey()), Integer.toString(spec.lastKey()),
							Integer.toString(spec.step())));
			}
		});
	}

	@Test
	void escapesRoundTrip() {
		String text = "a\\b\r\nc\\n";
		assertThat(CommandCatalog.unescape(CommandCatalog.escape(text))).isEqualTo(text);
		assertThat(CommandCatalog.escape(text)).doesNotContain("\n").doesNotContain("\r");
	}

}
