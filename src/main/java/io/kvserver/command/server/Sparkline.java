package io.kvserver.command.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Redis's ASCII sparklines (sparkline.c), as LATENCY GRAPH draws them: filled, linear scale. */
final class Sparkline {

	private static final char[] FILL = { '_', 'o', '#' };

	private static final int LABEL_MARGIN_TOP = 1;

	private record Sample(double value, String label) {
	}

	private final List<Sample> samples = new ArrayList<>();

	private double min;

	private double max;

	private int labels;

	void add(double value, String label) {
		if (this.samples.isEmpty()) {
			this.min = value;
			this.max = value;
		}
		else if (value < this.min) {
			this.min = value;
		}
		else if (value > this.max) {
			this.max = value;
		}
		String kept = label == null || label.isEmpty() ? null : label;
		this.samples.add(new Sample(value, kept));
		if (kept != null) {
			this.labels++;
		}
	}

	/** The graph in chunks of {@code columns} samples, each {@code rows} rows high plus its labels. */
	String render(int columns, int rows) {
		StringBuilder out = new StringBuilder();
		for (int j = 0; j < this.samples.size(); j += columns) {
			if (j != 0) {
				out.append('\n');
			}
			renderRange(out, rows, j, Math.min(columns, this.samples.size() - j));
		}
		return out.toString();
	}

	private void renderRange(StringBuilder out, int rows, int offset, int len) {
		double relmax = this.max - this.min;
		if (relmax == 0) {
			relmax = 1;
		}
		int steps = FILL.length * rows;
		char[] chars = new char[len];
		int row = 0;
		boolean loop = true;
		while (loop) {
			loop = false;
			Arrays.fill(chars, ' ');
			for (int j = 0; j < len; j++) {
				Sample s = this.samples.get(j + offset);
				// As sparkline.c's "(int) (relval*steps)/relmax": the product is truncated before the division.
				int step = (int) ((int) ((s.value() - this.min) * steps) / relmax);
				step = Math.max(0, Math.min(steps - 1, step));
				if (row < rows) {
					int charIndex = step - ((rows - row - 1) * FILL.length);
					loop = true;
					if (charIndex >= 0 && charIndex < FILL.length) {
						chars[j] = FILL[charIndex];
					}
					else if (charIndex >= FILL.length) {
						chars[j] = '|';
					}
				}
				else {
					if (this.labels > 0 && row - rows < LABEL_MARGIN_TOP) {
						loop = true;
						break;
					}
					if (s.label() != null) {
						int labelChar = row - rows - LABEL_MARGIN_TOP;
						if (s.label().length() > labelChar) {
							loop = true;
							chars[j] = s.label().charAt(labelChar);
						}
					}
				}
			}
			if (loop) {
				row++;
				out.append(chars).append('\n');
			}
		}
	}

}
