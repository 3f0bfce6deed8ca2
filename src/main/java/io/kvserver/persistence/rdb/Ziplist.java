package io.kvserver.persistence.rdb;

import java.util.ArrayList;
import java.util.List;

import io.kvserver.util.Numbers;

/**
 * Redis's ziplist (ziplist.c), the compact encoding RDB files before version 10 hold for small
 * lists, hashes and sorted sets: read only, as Redis 7.0 converts them to listpacks on load.
 */
public final class Ziplist {

	private static final int HEADER = 10;

	private Ziplist() {
	}

	public static List<byte[]> read(byte[] zl) {
		if (zl.length < HEADER + 1 || Listpack.littleEndian(zl, 0, 4) != zl.length
				|| (zl[zl.length - 1] & 0xFF) != 0xFF) {
			throw corrupt();
		}
		int declared = (int) Listpack.littleEndian(zl, 8, 2);
		int end = zl.length - 1;
		List<byte[]> elements = new ArrayList<>(Math.min(declared, zl.length));
		int p = HEADER;
		while (p < end) {
			p += (zl[p] & 0xFF) < 254 ? 1 : 5; // the previous entry's length
			check(p + 1, end);
			int b = zl[p] & 0xFF;
			switch (b >> 6) {
				case 0 -> {
					int length = b & 0x3F;
					elements.add(slice(zl, p + 1, length, end));
					p += 1 + length;
				}
				case 1 -> {
					check(p + 2, end);
					int length = ((b & 0x3F) << 8) | (zl[p + 1] & 0xFF);
					elements.add(slice(zl, p + 2, length, end));
					p += 2 + length;
				}
				case 2 -> {
					check(p + 5, end);
					long length = ((zl[p + 1] & 0xFFL) << 24) | ((zl[p + 2] & 0xFF) << 16) | ((zl[p + 3] & 0xFF) << 8)
							| (zl[p + 4] & 0xFF);
					if (b != 0x80 || length > end) {
						throw corrupt();
					}
					elements.add(slice(zl, p + 5, (int) length, end));
					p += 5 + (int) length;
				}
				default -> {
					long value;
					int size;
					switch (b) {
						case 0xC0 -> {
							size = 2;
							check(p + 1 + size, end);
							value = (short) Listpack.littleEndian(zl, p + 1, 2);
						}
						case 0xD0 -> {
							size = 4;
							check(p + 1 + size, end);
							value = (int) Listpack.littleEndian(zl, p + 1, 4);
						}
						case 0xE0 -> {
							size = 8;
							check(p + 1 + size, end);
							value = Listpack.littleEndian(zl, p + 1, 8);
						}
						case 0xF0 -> {
							size = 3;
							check(p + 1 + size, end);
							value = ((int) Listpack.littleEndian(zl, p + 1, 3) << 8) >> 8;
						}
						case 0xFE -> {
							size = 1;
							check(p + 1 + size, end);
							value = zl[p + 1];
						}
						default -> {
							if (b < 0xF1 || b > 0xFD) {
								throw corrupt();
							}
							size = 0;
							value = (b & 0x0F) - 1;
						}
					}
					elements.add(Numbers.toBytes(value));
					p += 1 + size;
				}
			}
		}
		if (p != end || (declared != 0xFFFF && declared != elements.size())) {
			throw corrupt();
		}
		return elements;
	}

	private static byte[] slice(byte[] zl, int from, int length, int end) {
		check(from + length, end);
		byte[] element = new byte[length];
		System.arraycopy(zl, from, element, 0, length);
		return element;
	}

	private static void check(long position, int end) {
		if (position > end) {
			throw corrupt();
		}
	}

	private static RdbFormatException corrupt() {
		return new RdbFormatException("Ziplist integrity check failed.");
	}

}
