package io.kvserver.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.kvserver.util.OsErrors;

/**
 * The ACL file ({@code aclfile}): one {@code user <name> <rules...>} line per user, read and written
 * as Redis's ACLLoadFromFile and ACLSaveToFile do. A file with any error changes nothing.
 */
public final class AclFile {

	private AclFile() {
	}

	/** What loading found: the users, or Redis's one-line description of every problem. */
	public record Loaded(@Nullable Map<String, User> users, @Nullable String errors) {
	}

	/**
	 * Reads the file into new users, registering none of them.
	 * @param displayName the file's name as the errors mention it (the aclfile setting)
	 */
	public static Loaded load(AccessControl acl, Path file, String displayName) {
		byte[] content;
		try {
			content = Files.readAllBytes(file);
		}
		catch (IOException ex) {
			return new Loaded(null, "Error loading ACLs, opening file '" + displayName + "': " + OsErrors.strerror(ex));
		}
		String[] lines = new String(content, StandardCharsets.ISO_8859_1).split("\n", -1);
		Map<String, User> users = new LinkedHashMap<>();
		StringBuilder errors = new StringBuilder();
		for (int i = 0; i < lines.length; i++) {
			int lineNumber = i + 1;
			String line = trim(lines[i], " \t\r\n");
			if (line.isEmpty()) {
				continue;
			}
			List<String> argv = List.of(line.split(" ", -1));
			if (!argv.get(0).equals("user") || argv.size() < 2) {
				errors.append(displayName).append(':').append(lineNumber)
					.append(" should start with user keyword followed by the username. ");
				continue;
			}
			String name = argv.get(1);
			if (Selector.hasSpaces(name)) {
				errors.append("'").append(displayName).append(':').append(lineNumber).append(": username '").append(name)
					.append("' contains invalid characters. ");
				continue;
			}
			if (users.containsKey(name)) {
				errors.append("WARNING: Duplicate user '").append(name).append("' found on line ").append(lineNumber)
					.append(". ");
				continue;
			}
			User user = acl.newUser(name);
			users.put(name, user);
			List<String> rules = AccessControl.mergeSelectors(argv.subList(2, argv.size()));
			if (rules == null) {
				errors.append(displayName).append(':').append(lineNumber)
					.append(": Unmatched parenthesis in selector definition.");
				rules = List.of();
			}
			boolean syntaxError = false;
			for (String rule : rules) {
				String trimmed = trim(rule, "\t\r\n");
				try {
					acl.apply(user, trimmed);
				}
				catch (AclRuleException ex) {
					if (ex.reason() == AclRuleException.Reason.UNKNOWN_NAME) {
						errors.append(displayName).append(':').append(lineNumber).append(": Error in applying operation '")
							.append(trimmed).append("': ").append(ex.getMessage()).append(". ");
					}
					else if (!syntaxError) {
						errors.append(displayName).append(':').append(lineNumber).append(": ").append(ex.getMessage())
							.append(". ");
						syntaxError = true;
					}
				}
			}
		}
		if (!errors.isEmpty()) {
			errors.append("WARNING: ACL errors detected, no change to the previously active ACL rules was performed");
			return new Loaded(null, errors.toString());
		}
		return new Loaded(users, null);
	}

	/** Every user as a config line, in name order, written beside the file and renamed over it. */
	public static void save(AccessControl acl, Path file) throws IOException {
		StringBuilder content = new StringBuilder();
		for (User user : acl.users()) {
			content.append("user ").append(user.name()).append(' ').append(user.describe()).append('\n');
		}
		Path dir = file.toAbsolutePath().getParent();
		Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
		try {
			Files.write(temp, content.toString().getBytes(StandardCharsets.ISO_8859_1));
			Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temp);
		}
	}

	/** The lines as CONFIG REWRITE writes them into the config file: "user name rules". */
	public static List<String> configLines(AccessControl acl) {
		List<String> lines = new ArrayList<>();
		for (User user : acl.users()) {
			lines.add("user " + user.name() + " " + user.describe());
		}
		return lines;
	}


	private static String trim(String text, String chars) {
		int start = 0;
		int end = text.length();
		while (start < end && chars.indexOf(text.charAt(start)) >= 0) {
			start++;
		}
		while (end > start && chars.indexOf(text.charAt(end - 1)) >= 0) {
			end--;
		}
		return text.substring(start, end);
	}

}
