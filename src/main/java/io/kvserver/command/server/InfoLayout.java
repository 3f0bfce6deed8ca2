package io.kvserver.command.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis 7.0's INFO sections and fields in Redis's order, read from {@code redis-7.0-info.txt}
 * (whose names and order InfoLayoutIT checks against a real redis-server).
 */
record InfoLayout(List<Section> sections) {

	static final String FILE = "redis-7.0-info.txt";

	/**
	 * @param title as INFO prints it after "# "
	 * @param dynamic whether code writes the section's lines (commandstats, keyspace, ...)
	 */
	record Section(String title, boolean dynamic, List<Field> fields) {
	}

	/**
	 * @param fallback what INFO prints when no live value is registered
	 * @param provided whether kvserver must register a live value (the fallback is then unused)
	 * @param kvserverOnly a field of kvserver's own, which Redis 7.0 lacks
	 */
	record Field(String name, String fallback, boolean provided, boolean kvserverOnly) {
	}

	static InfoLayout load() {
		InputStream in = InfoLayout.class.getResourceAsStream(FILE);
		if (in == null) {
			throw new IllegalStateException("missing resource io/kvserver/command/server/" + FILE);
		}
		List<Section> sections = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			String title = null;
			boolean dynamic = false;
			List<Field> fields = new ArrayList<>();
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("## ")) {
					if (title != null) {
						sections.add(new Section(title, dynamic, List.copyOf(fields)));
					}
					String header = line.substring(3);
					dynamic = header.endsWith(" dynamic");
					title = dynamic ? header.substring(0, header.length() - " dynamic".length()) : header;
					fields.clear();
				}
				else if (!line.isEmpty() && !line.startsWith("#")) {
					boolean own = line.startsWith("+");
					String entry = own ? line.substring(1) : line;
					int colon = entry.indexOf(':');
					String value = entry.substring(colon + 1);
					fields.add(new Field(entry.substring(0, colon), value, value.equals("@"), own));
				}
			}
			if (title != null) {
				sections.add(new Section(title, dynamic, List.copyOf(fields)));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new InfoLayout(List.copyOf(sections));
	}

}
