package io.kvserver.command.geo;

/**
 * Redis's geohash (geohash.c, geohash_helper.c) step for step, with the same double arithmetic in
 * the same order, so that a point's 52-bit score, its decoded position and the search areas are
 * bit for bit Redis's. Latitudes are limited to +-85.05112878 (the Web Mercator range), as in Redis.
 */
final class GeoHash {

	static final int STEP_MAX = 26;

	static final double LAT_MIN = -85.05112878;

	static final double LAT_MAX = 85.05112878;

	static final double LONG_MIN = -180;

	static final double LONG_MAX = 180;

	private static final double D_R = Math.PI / 180.0;

	static final double EARTH_RADIUS_IN_METERS = 6372797.560856;

	private static final double MERCATOR_MAX = 20037726.37;

	private GeoHash() {
	}

	/** A hash: its bits and how many bits per coordinate ({@code step}); both 0 for "no area". */
	record Bits(long bits, int step) {

		static final Bits ZERO = new Bits(0, 0);

		boolean isZero() {
			return this.bits == 0 && this.step == 0;
		}

	}

	/** A cell: its hash and its coordinate ranges. */
	record Area(Bits hash, double longMin, double longMax, double latMin, double latMax) {
	}

	/** geohashEncode over the given ranges; null where Redis returns 0 (outside the limits). */
	static Bits encode(double longMin, double longMax, double latMin, double latMax, double longitude,
			double latitude, int step) {
		if (longitude > LONG_MAX || longitude < LONG_MIN || latitude > LAT_MAX || latitude < LAT_MIN) {
			return null;
		}
		if (latitude < latMin || latitude > latMax || longitude < longMin || longitude > longMax) {
			return null;
		}
		double latOffset = (latitude - latMin) / (latMax - latMin);
		double longOffset = (longitude - longMin) / (longMax - longMin);
		latOffset *= (double) (1L << step);
		longOffset *= (double) (1L << step);
		return new Bits(interleave64(toUint32(latOffset), toUint32(longOffset)), step);
	}

	/** geohashEncodeWGS84: within Redis's limits. */
	static Bits encode(double longitude, double latitude, int step) {
		return encode(LONG_MIN, LONG_MAX, LAT_MIN, LAT_MAX, longitude, latitude, step);
	}

	/** C's conversion of a non-negative double below 2^32 to uint32_t: truncation. */
	private static long toUint32(double value) {
		return ((long) value) & 0xFFFFFFFFL;
	}

	/** geohashAlign52Bits: the sorted-set score of a hash. */
	static long align52(Bits hash) {
		return hash.bits() << (52 - hash.step() * 2);
	}

	/** geohashDecode over Redis's limits; null for the zero hash. */
	static Area decode(Bits hash) {
		if (hash.isZero()) {
			return null;
		}
		int step = hash.step();
		long separated = deinterleave64(hash.bits());
		double latScale = LAT_MAX - LAT_MIN;
		double longScale = LONG_MAX - LONG_MIN;
		long ilato = separated & 0xFFFFFFFFL;
		long ilono = separated >>> 32;
		double cells = (double) (1L << step);
		return new Area(hash,
				LONG_MIN + (ilono * 1.0 / cells) * longScale,
				LONG_MIN + ((ilono + 1) * 1.0 / cells) * longScale,
				LAT_MIN + (ilato * 1.0 / cells) * latScale,
				LAT_MIN + ((ilato + 1) * 1.0 / cells) * latScale);
	}

	/** decodeGeohash: a score to {longitude, latitude}, the centre of its cell, clamped to the limits. */
	static double[] decodeScore(double score) {
		Area area = decode(new Bits((long) score, STEP_MAX));
		double longitude = (area.longMin() + area.longMax()) / 2;
		longitude = Math.min(LONG_MAX, Math.max(LONG_MIN, longitude));
		double latitude = (area.latMin() + area.latMax()) / 2;
		latitude = Math.min(LAT_MAX, Math.max(LAT_MIN, latitude));
		return new double[] { longitude, latitude };
	}

	private static long interleave64(long xlo, long ylo) {
		long[] b = { 0x5555555555555555L, 0x3333333333333333L, 0x0F0F0F0F0F0F0F0FL, 0x00FF00FF00FF00FFL,
				0x0000FFFF0000FFFFL };
		int[] s = { 1, 2, 4, 8, 16 };
		long x = xlo;
		long y = ylo;
		for (int i = 4; i >= 0; i--) {
			x = (x | (x << s[i])) & b[i];
			y = (y | (y << s[i])) & b[i];
		}
		return x | (y << 1);
	}

	private static long deinterleave64(long interleaved) {
		long[] b = { 0x5555555555555555L, 0x3333333333333333L, 0x0F0F0F0F0F0F0F0FL, 0x00FF00FF00FF00FFL,
				0x0000FFFF0000FFFFL, 0x00000000FFFFFFFFL };
		int[] s = { 0, 1, 2, 4, 8, 16 };
		long x = interleaved;
		long y = interleaved >>> 1;
		for (int i = 0; i < 6; i++) {
			x = (x | (x >>> s[i])) & b[i];
			y = (y | (y >>> s[i])) & b[i];
		}
		return x | (y << 32);
	}

	private static Bits moveX(Bits hash, int d) {
		if (d == 0) {
			return hash;
		}
		long x = hash.bits() & 0xaaaaaaaaaaaaaaaaL;
		long y = hash.bits() & 0x5555555555555555L;
		long zz = 0x5555555555555555L >>> (64 - hash.step() * 2);
		if (d > 0) {
			x = x + (zz + 1);
		}
		else {
			x = x | zz;
			x = x - (zz + 1);
		}
		x &= (0xaaaaaaaaaaaaaaaaL >>> (64 - hash.step() * 2));
		return new Bits(x | y, hash.step());
	}

	private static Bits moveY(Bits hash, int d) {
		if (d == 0) {
			return hash;
		}
		long x = hash.bits() & 0xaaaaaaaaaaaaaaaaL;
		long y = hash.bits() & 0x5555555555555555L;
		long zz = 0xaaaaaaaaaaaaaaaaL >>> (64 - hash.step() * 2);
		if (d > 0) {
			y = y + (zz + 1);
		}
		else {
			y = y | zz;
			y = y - (zz + 1);
		}
		y &= (0x5555555555555555L >>> (64 - hash.step() * 2));
		return new Bits(x | y, hash.step());
	}

	/**
	 * The boxes to search (geohashCalculateAreasByShapeWGS84): the centre cell, then north, south,
	 * east, west, north-east, north-west, south-east and south-west, {@link Bits#ZERO} for those
	 * that cannot hold a match, in the order Redis searches them.
	 */
	static Bits[] searchBoxes(GeoShape shape) {
		double[] bounds = shape.boundingBox();
		double minLon = bounds[0];
		double minLat = bounds[1];
		double maxLon = bounds[2];
		double maxLat = bounds[3];
		double longitude = shape.longitude();
		double latitude = shape.latitude();
		double radiusMeters = shape.searchRadiusMeters();
		int steps = estimateSteps(radiusMeters, latitude);
		Bits hash = encode(longitude, latitude, steps);
		Bits[] n = neighbors(hash);
		Area area = decode(hash);
		boolean decrease = decode(n[0]).latMax() < maxLat || decode(n[1]).latMin() > minLat
				|| decode(n[2]).longMax() < maxLon || decode(n[3]).longMin() > minLon;
		if (steps > 1 && decrease) {
			steps--;
			hash = encode(longitude, latitude, steps);
			n = neighbors(hash);
			area = decode(hash);
		}
		if (steps >= 2) {
			if (area.latMin() < minLat) {
				n[1] = Bits.ZERO; // south
				n[7] = Bits.ZERO; // south-west
				n[6] = Bits.ZERO; // south-east
			}
			if (area.latMax() > maxLat) {
				n[0] = Bits.ZERO; // north
				n[4] = Bits.ZERO; // north-east
				n[5] = Bits.ZERO; // north-west
			}
			if (area.longMin() < minLon) {
				n[3] = Bits.ZERO; // west
				n[7] = Bits.ZERO;
				n[5] = Bits.ZERO;
			}
			if (area.longMax() > maxLon) {
				n[2] = Bits.ZERO; // east
				n[6] = Bits.ZERO;
				n[4] = Bits.ZERO;
			}
		}
		return new Bits[] { hash, n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7] };
	}

	/** north, south, east, west, north-east, north-west, south-east, south-west */
	private static Bits[] neighbors(Bits hash) {
		return new Bits[] { moveY(hash, 1), moveY(hash, -1), moveX(hash, 1), moveX(hash, -1),
				moveY(moveX(hash, 1), 1), moveY(moveX(hash, -1), 1), moveY(moveX(hash, 1), -1),
				moveY(moveX(hash, -1), -1) };
	}

	/** geohashEstimateStepsByRadius */
	private static int estimateSteps(double rangeMeters, double lat) {
		if (rangeMeters == 0) {
			return 26;
		}
		int step = 1;
		while (rangeMeters < MERCATOR_MAX) {
			rangeMeters *= 2;
			step++;
		}
		step -= 2;
		if (lat > 66 || lat < -66) {
			step--;
			if (lat > 80 || lat < -80) {
				step--;
			}
		}
		return Math.max(1, Math.min(26, step));
	}

	static double degRad(double angle) {
		return angle * D_R;
	}

	static double radDeg(double angle) {
		return angle / D_R;
	}

	/** geohashGetLatDistance */
	static double latDistance(double lat1, double lat2) {
		return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2) - degRad(lat1));
	}

	/** geohashGetDistance: the haversine great-circle distance in meters. */
	static double distance(double lon1, double lat1, double lon2, double lat2) {
		double lon1r = degRad(lon1);
		double lon2r = degRad(lon2);
		double v = StrictMath.sin((lon2r - lon1r) / 2);
		if (v == 0.0) {
			return latDistance(lat1, lat2);
		}
		double lat1r = degRad(lat1);
		double lat2r = degRad(lat2);
		double u = StrictMath.sin((lat2r - lat1r) / 2);
		double a = u * u + StrictMath.cos(lat1r) * StrictMath.cos(lat2r) * v * v;
		return 2.0 * EARTH_RADIUS_IN_METERS * StrictMath.asin(Math.sqrt(a));
	}

	/** The 11-character base32 geohash GEOHASH answers (over the standard +-90 latitudes). */
	static String text(double score) {
		double[] xy = decodeScore(score);
		Bits hash = encode(-180, 180, -90, 90, xy[0], xy[1], STEP_MAX);
		String alphabet = "0123456789bcdefghjkmnpqrstuvwxyz";
		StringBuilder text = new StringBuilder(11);
		for (int i = 0; i < 11; i++) {
			int index = i == 10 ? 0 : (int) ((hash.bits() >>> (52 - (i + 1) * 5)) & 0x1f);
			text.append(alphabet.charAt(index));
		}
		return text.toString();
	}

}
