package io.kvserver.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The version pom.xml gives kvserver, which the running server must report wherever it shows one. */
public final class ProjectVersion {

	private static final Pattern VERSION = Pattern
		.compile("<artifactId>kvserver</artifactId>\\s*<version>([^<]+)</version>");

	private ProjectVersion() {
	}

	public static String fromPom() {
		try {
			Matcher m = VERSION.matcher(Files.readString(Path.of("pom.xml")));
			if (!m.find()) {
				throw new IllegalStateException("pom.xml has no <artifactId>kvserver</artifactId> followed by <version>");
			}
			return m.group(1).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
