package io.kvserver.command.server;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import io.kvserver.command.Args;
import io.kvserver.command.CommandCatalog;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.Session;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.util.Numbers;

/**
 * LOLWUT [VERSION v] [...] (lolwut.c, lolwut5.c, lolwut6.c): Redis 7.0 answers its version line;
 * VERSION 5 draws Georg Nees's Schotter in braille, VERSION 6 a city skyline in terminal colours,
 * as Redis draws them (the same pictures where Redis draws no random pixels).
 */
public final class LolwutCommand implements CommandFamily {

	@Override
	public List<CommandSpec> commands() {
		return List.of(CommandSpec.of("lolwut", this::lolwut));
	}

	@Override
	public String familyName() {
		return "server";
	}

	private void lolwut(Session session, byte[][] argv, ReplyWriter out) {
		String version = CommandCatalog.REDIS_VERSION;
		int first = 1;
		if (argv.length >= 3 && Args.is(argv[1], "VERSION")) {
			version = (parseLong(argv[2]) & 0xffffffffL) + ".0.0";
			first = 3;
		}
		if ((version.startsWith("5.") && !version.startsWith("5.9")) || version.startsWith("4.9")) {
			out.verbatim("txt", schotter(argv, first));
		}
		else if ((version.startsWith("6.") && !version.startsWith("6.9")) || version.startsWith("5.9")) {
			out.verbatim("txt", skyline(argv, first));
		}
		else {
			out.verbatim("txt", "Redis ver. " + CommandCatalog.REDIS_VERSION + "\n");
		}
	}

	private static long parseLong(byte[] arg) {
		long[] value = new long[1];
		if (!Numbers.parseLong(arg, value)) {
			throw new CommandException(CommandException.NOT_AN_INTEGER);
		}
		return value[0];
	}

	private static long argument(byte[][] argv, int index, long otherwise) {
		return index < argv.length ? parseLong(argv[index]) : otherwise;
	}

	private static long clamp(long value, long min, long max) {
		return Math.max(min, Math.min(max, value));
	}

	/** C's rand(): 0 to RAND_MAX (2^31 - 1). */
	private static int rand(Random random) {
		return random.nextInt(Integer.MAX_VALUE);
	}

	// --- version 5: Schotter

	private static String schotter(byte[][] argv, int first) {
		int cols = (int) clamp(argument(argv, first, 66), 1, 1000);
		int perRow = (int) clamp(argument(argv, first + 1, 8), 1, 200);
		int perCol = (int) clamp(argument(argv, first + 2, 12), 1, 200);
		Canvas canvas = drawSchotter(cols, perRow, perCol, ThreadLocalRandom.current());
		StringBuilder text = new StringBuilder();
		for (int y = 0; y < canvas.height; y += 4) {
			for (int x = 0; x < canvas.width; x += 2) {
				int bits = 0;
				bits |= canvas.get(x, y) != 0 ? 1 : 0;
				bits |= canvas.get(x, y + 1) != 0 ? 1 << 1 : 0;
				bits |= canvas.get(x, y + 2) != 0 ? 1 << 2 : 0;
				bits |= canvas.get(x + 1, y) != 0 ? 1 << 3 : 0;
				bits |= canvas.get(x + 1, y + 1) != 0 ? 1 << 4 : 0;
				bits |= canvas.get(x + 1, y + 2) != 0 ? 1 << 5 : 0;
				bits |= canvas.get(x, y + 3) != 0 ? 1 << 6 : 0;
				bits |= canvas.get(x + 1, y + 3) != 0 ? 1 << 7 : 0;
				text.appendCodePoint(0x2800 + bits);
			}
			if (y != canvas.height - 1) {
				text.append('\n');
			}
		}
		return text + "\nGeorg Nees - schotter, plotter on paper, 1968. Redis ver. " + CommandCatalog.REDIS_VERSION + "\n";
	}

	private static Canvas drawSchotter(int consoleCols, int perRow, int perCol, Random random) {
		int width = consoleCols * 2;
		int padding = width > 4 ? 2 : 0;
		float side = (float) (width - padding * 2) / perRow;
		int height = (int) (side * perCol + padding * 2);
		Canvas canvas = new Canvas(width, height, 0);
		for (int y = 0; y < perCol; y++) {
			for (int x = 0; x < perRow; x++) {
				int sx = (int) (x * side + side / 2 + padding);
				int sy = (int) (y * side + side / 2 + padding);
				float angle = 0;
				if (y > 1) {
					float r1 = (float) rand(random) / (float) Integer.MAX_VALUE / perCol * y;
					float r2 = (float) rand(random) / (float) Integer.MAX_VALUE / perCol * y;
					float r3 = (float) rand(random) / (float) Integer.MAX_VALUE / perCol * y;
					if (rand(random) % 2 != 0) {
						r1 = -r1;
					}
					if (rand(random) % 2 != 0) {
						r2 = -r2;
					}
					if (rand(random) % 2 != 0) {
						r3 = -r3;
					}
					angle = r1;
					sx += r2 * side / 3; // C's compound assignment: added as a float, then truncated
					sy += r3 * side / 3;
				}
				canvas.square(sx, sy, side, angle, 1);
			}
		}
		return canvas;
	}

	// --- version 6: a skyline

	private static final String[] COLORS = { "0;30;40m", "0;90;100m", "0;37;47m", "0;97;107m" };

	private static String skyline(byte[][] argv, int first) {
		int cols = (int) clamp(argument(argv, first, 80), 1, 1000);
		int rows = (int) clamp(argument(argv, first + 1, 20), 1, 1000);
		Canvas canvas = new Canvas(cols, rows, 3);
		Random random = ThreadLocalRandom.current();
		for (int color = 2; color >= 1; color--) {
			for (int offset = -10; offset < canvas.width;) {
				offset += rand(random) % 8;
				int width = 10 + rand(random) % 9;
				int height = color == 2 ? canvas.height / 2 + rand(random) % canvas.height / 2
						: canvas.height / 2 + rand(random) % canvas.height / 3;
				skyscraper(canvas, offset, width, height, false, color, random);
				offset += color == 2 ? width / 2 : width + 1;
			}
		}
		for (int offset = -10; offset < canvas.width;) {
			offset += rand(random) % 8;
			int width = 5 + rand(random) % 14;
			if (width % 4 != 0) {
				width += width % 3;
			}
			int height = canvas.height / 3 + rand(random) % canvas.height / 2;
			skyscraper(canvas, offset, width, height, true, 0, random);
			offset += width + 5;
		}
		StringBuilder text = new StringBuilder();
		for (int y = 0; y < canvas.height; y++) {
			for (int x = 0; x < canvas.width; x++) {
				int color = canvas.get(x, y);
				text.append("\033[").append(color >= 0 && color < COLORS.length ? COLORS[color] : COLORS[0])
					.append(" \033[0m");
			}
			if (y != canvas.height - 1) {
				text.append('\n');
			}
		}
		return text + "\nDedicated to the 8 bit game developers of past and present.\n"
				+ "Original 8 bit image from Plaguemon by hikikomori. Redis ver. " + CommandCatalog.REDIS_VERSION + "\n";
	}

	private static void skyscraper(Canvas canvas, int xoff, int width, int height, boolean windows, int baseColor,
			Random random) {
		int starty = canvas.height - 1;
		int endy = starty - height + 1;
		for (int y = starty; y >= endy; y--) {
			for (int x = xoff; x < xoff + width; x++) {
				if (y == endy && (x <= xoff + 1 || x >= xoff + width - 2)) {
					continue;
				}
				int color = baseColor;
				if (windows && x > xoff + 1 && x < xoff + width - 2 && y > endy + 1 && y < starty - 1) {
					int relx = x - (xoff + 1);
					int rely = y - (endy + 1);
					if ((relx / 2) % 2 != 0 && rely % 2 != 0) {
						do {
							color = 1 + rand(random) % 2;
						}
						while (color == baseColor);
						if (relx % 2 != 0) {
							color = canvas.get(x - 1, y);
						}
					}
				}
				canvas.set(x, y, color);
			}
		}
	}

	/** lolwut.c's canvas: one byte per pixel, drawing outside it is ignored. */
	private static final class Canvas {

		final int width;

		final int height;

		private final byte[] pixels;

		Canvas(int width, int height, int background) {
			this.width = width;
			this.height = height;
			this.pixels = new byte[Math.max(0, width * height)];
			Arrays.fill(this.pixels, (byte) background);
		}

		void set(int x, int y, int color) {
			if (x >= 0 && x < this.width && y >= 0 && y < this.height) {
				this.pixels[x + y * this.width] = (byte) color;
			}
		}

		int get(int x, int y) {
			return (x < 0 || x >= this.width || y < 0 || y >= this.height) ? 0 : this.pixels[x + y * this.width];
		}

		/** Bresenham's line, as lwDrawLine. */
		void line(int x1, int y1, int x2, int y2, int color) {
			int dx = Math.abs(x2 - x1);
			int dy = Math.abs(y2 - y1);
			int sx = x1 < x2 ? 1 : -1;
			int sy = y1 < y2 ? 1 : -1;
			int err = dx - dy;
			while (true) {
				set(x1, y1, color);
				if (x1 == x2 && y1 == y2) {
					break;
				}
				int e2 = err * 2;
				if (e2 > -dy) {
					err -= dy;
					x1 += sx;
				}
				if (e2 < dx) {
					err += dx;
					y1 += sy;
				}
			}
		}

		/** A square centred on x,y, rotated by angle, as lwDrawSquare (float arithmetic as in C). */
		void square(int x, int y, float size, float angle, int color) {
			int[] px = new int[4];
			int[] py = new int[4];
			size = (float) (size / 1.4142135623);
			size = (float) round(size);
			float k = (float) (Math.PI / 4 + angle);
			for (int j = 0; j < 4; j++) {
				px[j] = (int) round(Math.sin(k) * size + x);
				py[j] = (int) round(Math.cos(k) * size + y);
				k = (float) (k + Math.PI / 2);
			}
			for (int j = 0; j < 4; j++) {
				line(px[j], py[j], px[(j + 1) % 4], py[(j + 1) % 4], color);
			}
		}

		/** C's round(): halves away from zero. */
		private static double round(double value) {
			return Math.signum(value) * Math.floor(Math.abs(value) + 0.5);
		}

	}

}
