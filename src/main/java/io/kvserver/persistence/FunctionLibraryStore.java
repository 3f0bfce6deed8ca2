package io.kvserver.persistence;

import java.util.List;

/**
 * The FUNCTION libraries as an RDB file holds them (rdb.c's rdbSaveFunctions and rdbFunctionLoad):
 * each library's whole code, shebang included, after RDB_OPCODE_FUNCTION2, between the aux fields
 * and the databases. Scripting keeps the libraries; persistence only moves their code. Called
 * under the database lock.
 */
public interface FunctionLibraryStore {

	/** Every library's code, in any order. */
	List<byte[]> libraryCodes();

	/**
	 * Adds a library read from the file, replacing one of the same name.
	 *
	 * @throws IllegalArgumentException with Redis's reason when the code does not load
	 */
	void restoreLibrary(byte[] code);

	/** Forgets every library (DEBUG RELOAD empties them with the databases, as Redis's emptyData does). */
	void clearLibraries();

}
