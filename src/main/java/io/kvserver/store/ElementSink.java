package io.kvserver.store;

/**
 * Receives the elements of a collection as it is read, without copies: a string as a range of an
 * array that belongs to the collection (read it before the collection changes, never keep it), or
 * an integer, which a compact encoding stores as a number and which stands for its decimal form.
 */
public interface ElementSink {

	void string(byte[] bytes, int offset, int length);

	void integer(long value);

}
