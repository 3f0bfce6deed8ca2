package io.kvserver.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.kvserver.support.ChildProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ./mvnw started on a JDK older than 21, as on a machine whose default java is 17: the build selects
 * a JDK 21+ on its own (pom.xml, maven-toolchains-plugin), and without one it says what to install.
 * Only the validate phase runs (two short Maven runs, nothing written to target/), so this stays fast
 * and never recurses into the build that runs it.
 */
class JdkSelectionIT {

	private static final Path PROJECT = Path.of("").toAbsolutePath();

	private static final long TIMEOUT_SECONDS = 180;

	@Test
	void mavenOnAnOldJdkSelectsAJdk21OrNewer(@TempDir Path work) throws IOException {
		Path oldJdk = oldJdk();
		int exit = ChildProcess.run("jdk-home", mvnw("-q", "validate", "exec:exec@jdk-home"), work, onlyJdk(oldJdk),
				TIMEOUT_SECONDS);
		String output = Files.readString(work.resolve("jdk-home.log"));
		assertThat(exit).as("./mvnw on %s said:\n%s", oldJdk, output).isZero();
		List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
		Path selected = Path.of(lines.get(lines.size() - 1).trim());
		assertThat(selected).as("the JDK the build selected").isNotEqualTo(oldJdk);
		assertThat(featureVersion(selected)).as("the feature version of %s", selected).hasValueSatisfying(
				version -> assertThat(version).isGreaterThanOrEqualTo(21));
		assertThat(selected.resolve("bin/javac")).isExecutable();
	}

	@Test
	void withNoFittingJdkTheBuildSaysWhatToInstall(@TempDir Path work) throws IOException {
		// no JDK 99 anywhere: the same path as no JDK 21 on a machine that has none
		int exit = ChildProcess.run("no-jdk", mvnw("validate", "-Djava.version=99"), work, onlyJdk(oldJdk()),
				TIMEOUT_SECONDS);
		String output = Files.readString(work.resolve("no-jdk.log"));
		assertThat(exit).as("./mvnw validate said:\n%s", output).isNotZero();
		assertThat(output).contains("kvserver needs a JDK 99 or newer to build, test and run, and none was found")
			.contains("Install one")
			// the toolchains plugin's own advice (edit ~/.m2/toolchains.xml) never comes: the check runs first
			.doesNotContain("toolchains.xml");
	}

	/** The project's ./mvnw, run from the test's directory (where ChildProcess keeps its log). */
	private static List<String> mvnw(String... args) {
		return Stream.concat(Stream.of(PROJECT.resolve("mvnw").toString(), "-B", "-f", PROJECT.resolve("pom.xml").toString()),
				Stream.of(args)).toList();
	}

	/** Maven on the old JDK, as if it were the only java on PATH and no JAVA_HOME pointed elsewhere. */
	private static Map<String, String> onlyJdk(Path jdk) {
		return Map.of("JAVA_HOME", jdk.toString(), "PATH", jdk.resolve("bin") + ":/usr/bin:/bin");
	}

	/** A JDK older than 21 in Debian's JDK folder, which .ci/run installs (openjdk-17-jdk-headless). */
	private static Path oldJdk() {
		try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
			return jdks.filter(jdk -> Files.isExecutable(jdk.resolve("bin/javac")) && !Files.isSymbolicLink(jdk))
				.filter(jdk -> featureVersion(jdk).filter(version -> version < 21).isPresent())
				.sorted()
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"this test runs Maven on a JDK older than 21 and none is in /usr/lib/jvm: "
								+ "apt-get install openjdk-17-jdk-headless (.ci/run does this)"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The JDK's feature version from its release file (JAVA_VERSION="17.0.15", "1.8.0_402", "25"). */
	private static Optional<Integer> featureVersion(Path jdk) {
		Path release = jdk.resolve("release");
		if (!Files.isRegularFile(release)) {
			return Optional.empty();
		}
		Properties properties = new Properties();
		try (var in = Files.newInputStream(release)) {
			properties.load(in);
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
		String feature = version.replaceFirst("^1\\.", "").replaceFirst("[^0-9].*", "");
		return feature.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(feature));
	}

}
