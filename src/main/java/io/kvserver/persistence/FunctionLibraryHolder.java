package io.kvserver.persistence;

import java.util.ArrayList;
import java.util.List;

/**
 * Persistence's side of the FUNCTION libraries: the store they live in once scripting exists,
 * and the code of those the dump held until then (it is loaded before the dispatcher, and with
 * it the Lua engine, is built).
 */
final class FunctionLibraryHolder {

	private FunctionLibraryStore store;

	private final List<byte[]> pending = new ArrayList<>();

	synchronized void attach(FunctionLibraryStore store) {
		this.store = store;
		for (byte[] code : this.pending) {
			restoreInto(store, code);
		}
		this.pending.clear();
	}

	synchronized List<byte[]> libraryCodes() {
		return this.store == null ? List.copyOf(this.pending) : this.store.libraryCodes();
	}

	/** A library read from the dump. */
	synchronized void restore(byte[] code) {
		if (this.store == null) {
			this.pending.add(code);
			return;
		}
		restoreInto(this.store, code);
	}

	synchronized void clear() {
		this.pending.clear();
		if (this.store != null) {
			this.store.clearLibraries();
		}
	}

	private static void restoreInto(FunctionLibraryStore store, byte[] code) {
		try {
			store.restoreLibrary(code);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Failed loading library, " + ex.getMessage(), ex);
		}
	}

}
