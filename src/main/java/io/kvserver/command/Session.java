package io.kvserver.command;

import io.kvserver.protocol.ReplyWriter;

/**
 * What the server remembers about one client between commands. It knows nothing of the socket
 * behind it; the transport creates one per connection.
 */
public final class Session {

	private final long id;

	private final ReplyWriter replies = new ReplyWriter();

	private final long createdAtMillis = System.currentTimeMillis();

	private int db;

	private byte[] name;

	private String libName;

	private String libVersion;

	public Session(long id) {
		this.id = id;
	}

	public long id() {
		return this.id;
	}

	/** The connection's reply buffer, reused for every batch. */
	public ReplyWriter replies() {
		return this.replies;
	}

	public int db() {
		return this.db;
	}

	public void selectDb(int db) {
		this.db = db;
	}

	public byte[] name() {
		return this.name;
	}

	public void setName(byte[] name) {
		this.name = name;
	}

	public String libName() {
		return this.libName;
	}

	public void setLibName(String libName) {
		this.libName = libName;
	}

	public String libVersion() {
		return this.libVersion;
	}

	public void setLibVersion(String libVersion) {
		this.libVersion = libVersion;
	}

	public long createdAtMillis() {
		return this.createdAtMillis;
	}

}
