package io.kvserver.memory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.lang.management.ManagementFactory;
import java.util.function.IntConsumer;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Ends the process when the JVM itself fails in one of its threads: an OutOfMemoryError, a
 * StackOverflowError (any {@link VirtualMachineError}) that nothing caught. A server whose event loop
 * died that way holds its port and answers nothing, which is worse than being gone: a supervisor
 * (systemd, Docker's restart policy, Kubernetes) restarts a process that exited. The exit status is 3,
 * as {@code -XX:+ExitOnOutOfMemoryError} exits, which every launch configuration of kvserver also sets;
 * this handler covers a plain {@code java -jar} without it and errors other than running out of heap.
 * <p>
 * Nothing is allocated on the way out if it can be helped: a small reserve is let go first so that
 * the one line written to stderr finds room, and the process halts without running shutdown hooks,
 * which could need memory, or wait for threads that will never finish.
 */
public final class FatalErrorExit implements Thread.UncaughtExceptionHandler {

	/** The exit status, as the JVM's own -XX:+ExitOnOutOfMemoryError. */
	public static final int STATUS = 3;

	private static volatile boolean failed;

	/** The report's fixed parts, encoded ahead: with the heap exhausted, building them could fail. */
	private static final byte[] PREFIX = encoded("Terminating due to ");

	private static final byte[] OUT_OF_MEMORY = encoded(OutOfMemoryError.class.getName());

	private static final byte[] NEWLINE = encoded(System.lineSeparator());

	/** Freed before anything else is done, so that reporting the failure has some heap to work with. */
	@SuppressWarnings("unused")
	private volatile byte[] reserve = new byte[256 * 1024];

	private final Thread.UncaughtExceptionHandler others;

	private final OutputStream err;

	private final IntConsumer halt;

	/**
	 * @param others what to do with any other uncaught exception (the JVM's default: print it)
	 * @param halt ends the process with a status ({@code Runtime.getRuntime()::halt})
	 */
	FatalErrorExit(Thread.UncaughtExceptionHandler others, OutputStream err, IntConsumer halt) {
		this.others = others;
		this.err = err;
		this.halt = halt;
	}

	/** Installs the handler for every thread of this process; call first thing in main. */
	public static void install() {
		Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
		Thread.setDefaultUncaughtExceptionHandler(new FatalErrorExit(previous != null ? previous
				: (thread, ex) -> {
					System.err.print("Exception in thread \"" + thread.getName() + "\" ");
					ex.printStackTrace();
				}, new FileOutputStream(FileDescriptor.err), Runtime.getRuntime()::halt));
	}

	/** Whether a fatal error was seen: the process is on its way out (health reports DOWN). */
	public static boolean failed() {
		return failed;
	}

	/** Whether this JVM was started with -XX:+ExitOnOutOfMemoryError or -XX:+CrashOnOutOfMemoryError. */
	public static boolean jvmExitsOnOutOfMemory() {
		try {
			HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			return Boolean.parseBoolean(hotspot.getVMOption("ExitOnOutOfMemoryError").getValue())
					|| Boolean.parseBoolean(hotspot.getVMOption("CrashOnOutOfMemoryError").getValue());
		}
		catch (RuntimeException ex) {
			return false; // not a HotSpot JVM
		}
	}

	@Override
	public void uncaughtException(Thread thread, Throwable ex) {
		if (!fatal(ex)) {
			this.others.uncaughtException(thread, ex);
			return;
		}
		failed = true;
		this.reserve = null;
		try {
			// unbuffered, the fixed parts first: what is said before the heap fails again is kept
			this.err.write(PREFIX);
			this.err.write(ex instanceof OutOfMemoryError ? OUT_OF_MEMORY : encoded(ex.getClass().getName()));
			try {
				String message = ex.getMessage();
				this.err.write(encoded((message != null ? ": " + message : "") + " in thread \"" + thread.getName() + "\""));
			}
			finally {
				this.err.write(NEWLINE);
				this.err.flush();
			}
		}
		catch (Throwable ignored) {
			// nothing more can be said: halt anyway
		}
		finally {
			this.halt.accept(STATUS);
		}
	}

	/** Whether the throwable, or one it was caused by, is the JVM failing. */
	static boolean fatal(Throwable ex) {
		Throwable t = ex;
		for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) { // a cycle of causes ends too
			if (t instanceof VirtualMachineError) {
				return true;
			}
		}
		return false;
	}

	private static byte[] encoded(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
