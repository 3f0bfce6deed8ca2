package io.kvserver.command.scripting;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.HelpReply;
import io.kvserver.command.Session;
import io.kvserver.lua.LuaFootprint;
import io.kvserver.lua.LuaRuntime;
import io.kvserver.persistence.FunctionLibraryStore;
import io.kvserver.persistence.rdb.Crc64;
import io.kvserver.persistence.rdb.Rdb;
import io.kvserver.persistence.rdb.RdbInput;
import io.kvserver.persistence.rdb.RdbOutput;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.util.GlobMatcher;

/**
 * FUNCTION (LOAD, LIST, DELETE, FLUSH, DUMP, RESTORE, STATS, KILL, HELP), FCALL and FCALL_RO, as
 * Redis 7.0's functions.c: libraries of Lua functions in an interpreter of their own, called with
 * KEYS and ARGV as arguments; DUMP's payload is Redis's (RDB function opcodes, RDB version,
 * CRC64), so libraries move between Redis and kvserver.
 */
public final class FunctionCommands implements CommandFamily, FunctionLibraryStore {

	private static final List<String> HELP = List.of(
			"FUNCTION <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
			"LOAD [REPLACE] <FUNCTION CODE>",
			"    Create a new library with the given library name and code.",
			"DELETE <LIBRARY NAME>",
			"    Delete the given library.",
			"LIST [LIBRARYNAME PATTERN] [WITHCODE]",
			"    Return general information on all the libraries:",
			"    * Library name",
			"    * The engine used to run the Library",
			"    * Library description",
			"    * Functions list",
			"    * Library code (if WITHCODE is given)",
			"    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
			"STATS",
			"    Return information about the current function running:",
			"    * Function name",
			"    * Command used to run the function",
			"    * Duration in MS that the function is running",
			"    If no function is running, return nil",
			"    In addition, returns a list of available engines.",
			"KILL",
			"    Kill the current running function.",
			"FLUSH [ASYNC|SYNC]",
			"    Delete all the libraries.",
			"    When called without the optional mode argument, the behavior is determined by the",
			"    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
			"    * ASYNC: Asynchronously flush the libraries.",
			"    * SYNC: Synchronously flush the libraries.",
			"DUMP",
			"    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
			"RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
			"    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
			"    control how to handle existing libraries (default APPEND):",
			"    * FLUSH: delete all existing libraries.",
			"    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
			"    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
			"      libraries with the new libraries (notice that even on this option there is a chance of failure",
			"      in case of functions name collision with another library).",
			"HELP",
			"    Prints this help.");

	private final ScriptRunner runner;

	/** rdbcompression: whether DUMP compresses library code with LZF, as Redis's rdbSaveRawString does. */
	private final BooleanSupplier compression;

	private LuaRuntime lua;

	private FunctionLibraries libraries;

	/** Told of each change of the libraries by a command: one for server.dirty (see {@link #changed}). */
	private final Runnable changed;

	FunctionCommands(ScriptRunner runner, BooleanSupplier compression, Runnable changed) {
		this.runner = runner;
		this.compression = compression;
		this.changed = changed;
	}

	/** The interpreter, made when the dispatcher exists (its {@code redis.call} needs it). */
	void use(LuaRuntime lua) {
		this.lua = lua;
		this.libraries = new FunctionLibraries(lua);
	}

	int functionCount() {
		return this.libraries == null ? 0 : this.libraries.functionCount();
	}

	int libraryCount() {
		return this.libraries == null ? 0 : this.libraries.libraries().size();
	}

	/** Redis's used_memory_functions: the engine's fixed overhead (200 bytes when empty) plus each library's code and names. */
	long memory() {
		long total = 200;
		if (this.libraries != null) {
			for (FunctionLibraries.Library library : this.libraries.libraries().values()) {
				total += library.code().length + library.name().length();
				for (String function : library.functions().keySet()) {
					total += function.length();
				}
			}
		}
		return total;
	}

	/** FUNCTION's interpreter: empty, plus the libraries' compiled code, in whole kilobytes as Lua counts. */
	long vmMemory() {
		long compiled = this.libraries == null ? 0 : this.libraries.compiledMemory();
		return LuaFootprint.kilobytes(LuaFootprint.EMPTY_FUNCTIONS_VM + compiled);
	}

	@Override
	public List<byte[]> libraryCodes() {
		List<byte[]> codes = new ArrayList<>();
		for (FunctionLibraries.Library library : this.libraries.libraries().values()) {
			codes.add(library.code());
		}
		return codes;
	}

	@Override
	public void restoreLibrary(byte[] code) {
		try {
			this.libraries.load(code, true);
		}
		catch (CommandException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
	}

	@Override
	public void clearLibraries() {
		this.libraries.clear();
	}

	@Override
	public String familyName() {
		return "scripting";
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.of("fcall", (s, a, o) -> fcall(s, a, o, false)),
				CommandSpec.of("fcall_ro", (s, a, o) -> fcall(s, a, o, true)),
				CommandSpec.container("function", List.of(CommandSpec.of("function|load", this::load),
						CommandSpec.of("function|list", this::list), CommandSpec.of("function|delete", this::delete),
						CommandSpec.of("function|flush", this::flush), CommandSpec.of("function|dump", this::dump),
						CommandSpec.of("function|restore", this::restore), CommandSpec.of("function|stats", this::stats),
						CommandSpec.of("function|kill", (s, a, o) -> this.runner.kill(false, o)),
						CommandSpec.of("function|help", (s, a, o) -> HelpReply.write(HELP, o)))));
	}

	/** Whether FCALL of this function declares writes (no no-writes flag); false for an unknown function. */
	boolean declaresWrites(byte[] name) {
		FunctionLibraries.Function function = this.libraries.function(new String(name, StandardCharsets.ISO_8859_1));
		return function != null && !function.noWrites();
	}

	/** fcallCommandGeneric. */
	private void fcall(Session session, byte[][] argv, ReplyWriter out, boolean readOnly) {
		FunctionLibraries.Function function = this.libraries.function(new String(argv[1], StandardCharsets.ISO_8859_1));
		if (function == null) {
			throw new CommandException("ERR Function not found");
		}
		int numkeys = ScriptRunner.numkeys(argv, "ERR Bad number of keys provided");
		if (readOnly && !function.noWrites()) {
			throw new CommandException("ERR Can not execute a script with write flag using *_ro command.");
		}
		LuaTable keys = ScriptRunner.strings(argv, 3, numkeys);
		LuaTable args = ScriptRunner.strings(argv, 3 + numkeys, argv.length - 3 - numkeys);
		this.runner.run(this.lua, function.callback(), LuaValue.varargsOf(keys, args), session, function.name(), false,
				readOnly || function.noWrites(), out, argv);
	}

	/** FUNCTION LOAD [REPLACE] code. */
	private void load(Session session, byte[][] argv, ReplyWriter out) {
		boolean replace = false;
		int pos = 2;
		while (pos < argv.length - 1) {
			byte[] arg = argv[pos++];
			if (Args.is(arg, "REPLACE")) {
				replace = true;
				continue;
			}
			throw new CommandException("ERR Unknown option given: " + Args.text(arg));
		}
		if (pos >= argv.length) {
			throw new CommandException("ERR Function code is missing");
		}
		String name = this.libraries.load(argv[pos], replace);
		changed(session);
		out.bulkText(name);
	}

	/**
	 * The libraries changed (Redis's server.dirty++ in FUNCTION LOAD, DELETE, FLUSH, RESTORE): the
	 * command is recorded in the AOF as sent, and counts one change for the save rules.
	 */
	private void changed(Session session) {
		session.changedBesidesKeys();
		this.changed.run();
	}

	/** FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]. */
	private void list(Session session, byte[][] argv, ReplyWriter out) {
		boolean withCode = false;
		byte[] pattern = null;
		for (int i = 2; i < argv.length; i++) {
			if (!withCode && Args.is(argv[i], "WITHCODE")) {
				withCode = true;
				continue;
			}
			if (pattern == null && Args.is(argv[i], "LIBRARYNAME")) {
				if (i >= argv.length - 1) {
					throw new CommandException("ERR library name argument was not given");
				}
				pattern = argv[++i];
				continue;
			}
			throw new CommandException("ERR Unknown argument " + Args.text(argv[i]));
		}
		List<FunctionLibraries.Library> chosen = new ArrayList<>();
		for (FunctionLibraries.Library library : this.libraries.libraries().values()) {
			if (pattern == null || GlobMatcher.matches(pattern, library.name().getBytes(StandardCharsets.ISO_8859_1))) {
				chosen.add(library);
			}
		}
		out.arrayHeader(chosen.size());
		for (FunctionLibraries.Library library : chosen) {
			out.mapHeader(withCode ? 4 : 3);
			out.bulkText("library_name");
			out.bulkText(library.name());
			out.bulkText("engine");
			out.bulkText("LUA");
			out.bulkText("functions");
			out.arrayHeader(library.functions().size());
			for (FunctionLibraries.Function function : library.functions().values()) {
				out.mapHeader(3);
				out.bulkText("name");
				out.bulkText(function.name());
				out.bulkText("description");
				if (function.description() == null) {
					out.nullBulk();
				}
				else {
					out.bulk(function.description());
				}
				out.bulkText("flags");
				out.setHeader(function.flags().size());
				for (String flag : function.flags()) {
					out.simpleString(flag);
				}
			}
			if (withCode) {
				out.bulkText("library_code");
				out.bulk(library.code());
			}
		}
	}

	private void delete(Session session, byte[][] argv, ReplyWriter out) {
		if (!this.libraries.delete(new String(argv[2], StandardCharsets.ISO_8859_1))) {
			throw new CommandException("ERR Library not found");
		}
		changed(session);
		out.ok();
	}

	private void flush(Session session, byte[][] argv, ReplyWriter out) {
		if (argv.length > 3) {
			throw subcommandSyntax(argv);
		}
		if (argv.length == 3 && !Args.is(argv[2], "SYNC") && !Args.is(argv[2], "ASYNC")) {
			throw new CommandException("ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
		}
		this.libraries.clear();
		changed(session);
		out.ok();
	}

	/** addReplySubcommandSyntaxError. */
	private static CommandException subcommandSyntax(byte[][] argv) {
		return new CommandException("ERR unknown subcommand or wrong number of arguments for '" + Args.text(argv[1])
				+ "'. Try FUNCTION HELP.");
	}

	/** FUNCTION DUMP: every library's code after RDB_OPCODE_FUNCTION2, then the RDB version and a CRC64. */
	private void dump(Session session, byte[][] argv, ReplyWriter out) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try {
			RdbOutput rdb = new RdbOutput(bytes, false, this.compression.getAsBoolean());
			for (FunctionLibraries.Library library : this.libraries.libraries().values()) {
				rdb.writeByte(Rdb.OPCODE_FUNCTION2);
				rdb.writeString(library.code());
			}
			rdb.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		bytes.write(Rdb.VERSION & 0xff);
		bytes.write((Rdb.VERSION >> 8) & 0xff);
		byte[] body = bytes.toByteArray();
		long crc = Crc64.of(body, 0, body.length);
		for (int i = 0; i < 8; i++) {
			bytes.write((int) (crc >>> (8 * i)) & 0xff);
		}
		out.bulk(bytes.toByteArray());
	}

	/** FUNCTION RESTORE payload [FLUSH|APPEND|REPLACE]. */
	private void restore(Session session, byte[][] argv, ReplyWriter out) {
		if (argv.length > 4) {
			throw subcommandSyntax(argv);
		}
		boolean replace = false;
		boolean flush = false;
		if (argv.length == 4) {
			if (Args.is(argv[3], "REPLACE")) {
				replace = true;
			}
			else if (Args.is(argv[3], "FLUSH")) {
				flush = true;
			}
			else if (!Args.is(argv[3], "APPEND")) {
				throw new CommandException(
						"ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.");
			}
		}
		byte[] payload = argv[2];
		if (!validPayload(payload)) {
			throw new CommandException("ERR DUMP payload version or checksum are wrong");
		}
		List<byte[]> codes = new ArrayList<>();
		RdbInput in = RdbInput.of(payload, 0, payload.length - 10);
		while (in.remaining() > 0) {
			int type;
			try {
				type = in.readByte();
			}
			catch (IOException ex) {
				throw new CommandException("ERR can not read data type");
			}
			if (type != Rdb.OPCODE_FUNCTION2) {
				// RDB_OPCODE_FUNCTION, Redis 7.0's release candidates' format, is not read here.
				throw new CommandException("ERR given type is not a function");
			}
			try {
				codes.add(in.readString());
			}
			catch (IOException ex) {
				throw new CommandException("ERR Failed loading library payload");
			}
		}
		this.libraries.join(codes, replace, flush);
		changed(session);
		out.ok();
	}

	/** verifyDumpPayload: RDB version at most ours, and the CRC64 of all before it. */
	private static boolean validPayload(byte[] payload) {
		if (payload.length < 10) {
			return false;
		}
		int footer = payload.length - 10;
		int version = (payload[footer] & 0xff) | (payload[footer + 1] & 0xff) << 8;
		if (version > Rdb.VERSION) {
			return false;
		}
		long crc = Crc64.of(payload, 0, payload.length - 8);
		for (int i = 0; i < 8; i++) {
			if ((byte) (crc >>> (8 * i)) != payload[footer + 2 + i]) {
				return false;
			}
		}
		return true;
	}

	/** FUNCTION STATS: the running script (if any) and the engine's counts. */
	private void stats(Session session, byte[][] argv, ReplyWriter out) {
		ScriptRun running = this.runner.current();
		if (running != null && running.eval) {
			throw new CommandException(
					"BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.");
		}
		out.mapHeader(2);
		out.bulkText("running_script");
		if (running == null) {
			out.nullBulk();
		}
		else {
			out.mapHeader(3);
			out.bulkText("name");
			out.bulkText(running.name);
			out.bulkText("command");
			out.arrayHeader(running.command.length);
			for (byte[] arg : running.command) {
				out.bulk(arg);
			}
			out.bulkText("duration_ms");
			out.integer(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - running.startNanos));
		}
		out.bulkText("engines");
		out.mapHeader(1);
		out.bulkText("LUA");
		out.mapHeader(2);
		out.bulkText("libraries_count");
		out.integer(this.libraries.libraries().size());
		out.bulkText("functions_count");
		out.integer(this.libraries.functionCount());
	}

}
