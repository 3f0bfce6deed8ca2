package io.kvserver.command.geo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.kvserver.command.Args;
import io.kvserver.command.CommandException;
import io.kvserver.command.CommandFamily;
import io.kvserver.command.CommandSpec;
import io.kvserver.command.KeyReads;
import io.kvserver.command.Session;
import io.kvserver.command.zsets.ZSetCommands;
import io.kvserver.metrics.ServerStats;
import io.kvserver.protocol.ReplyWriter;
import io.kvserver.store.Keyspace;
import io.kvserver.store.Store;
import io.kvserver.store.ZRange;
import io.kvserver.store.ZSetValue;
import io.kvserver.util.Doubles;
import io.kvserver.util.Strtod;

/**
 * The geo commands of Redis 7.0's geo.c, over sorted sets whose scores are 52-bit geohashes:
 * GEOADD (through ZADD, as Redis does), GEOPOS, GEODIST, GEOHASH, GEOSEARCH, GEOSEARCHSTORE,
 * GEORADIUS, GEORADIUSBYMEMBER and their {@code _RO} forms, with Redis's argument handling,
 * errors, search areas and result order.
 */
public final class GeoCommands implements CommandFamily {

	private static final int COORDS = 1;

	private static final int MEMBER = 2;

	private static final int NO_STORE = 4;

	private static final int SEARCH = 8;

	private static final int SEARCH_STORE = 16;

	private final Store databases;

	private final KeyReads reads;

	private final ZSetCommands zsets;

	public GeoCommands(Store databases, ServerStats stats, ZSetCommands zsets) {
		this.databases = databases;
		this.reads = new KeyReads(stats);
		this.zsets = zsets;
	}

	@Override
	public List<CommandSpec> commands() {
		return List.of(
				CommandSpec.of("geoadd", this::geoadd),
				CommandSpec.of("geopos", this::geopos),
				CommandSpec.of("geodist", this::geodist),
				CommandSpec.of("geohash", this::geohash),
				CommandSpec.of("georadius", (s, a, o) -> search(s, a, o, 1, COORDS)),
				CommandSpec.of("georadius_ro", (s, a, o) -> search(s, a, o, 1, COORDS | NO_STORE)),
				CommandSpec.of("georadiusbymember", (s, a, o) -> search(s, a, o, 1, MEMBER)),
				CommandSpec.of("georadiusbymember_ro", (s, a, o) -> search(s, a, o, 1, MEMBER | NO_STORE)),
				CommandSpec.of("geosearch", (s, a, o) -> search(s, a, o, 1, SEARCH)),
				CommandSpec.of("geosearchstore", (s, a, o) -> search(s, a, o, 2, SEARCH | SEARCH_STORE)));
	}

	private Keyspace db(Session session) {
		return this.databases.db(session.db());
	}

	private ZSetValue read(Session session, byte[] key) {
		return this.reads.read(db(session), key, ZSetValue.class);
	}

	/** GEOADD key [NX|XX] [CH] longitude latitude member ...: the points become a ZADD of their geohash scores. */
	private void geoadd(Session session, byte[][] argv, ReplyWriter out) {
		int longIndex = 2;
		boolean nx = false;
		boolean xx = false;
		for (; longIndex < argv.length; longIndex++) {
			if (Args.is(argv[longIndex], "NX")) {
				nx = true;
			}
			else if (Args.is(argv[longIndex], "XX")) {
				xx = true;
			}
			else if (!Args.is(argv[longIndex], "CH")) {
				break;
			}
		}
		if ((argv.length - longIndex) % 3 != 0 || (xx && nx)) {
			throw new CommandException(CommandException.SYNTAX);
		}
		int elements = (argv.length - longIndex) / 3;
		byte[][] zadd = new byte[longIndex + elements * 2][];
		zadd[0] = Args.bytes("zadd");
		System.arraycopy(argv, 1, zadd, 1, longIndex - 1);
		for (int i = 0; i < elements; i++) {
			int at = longIndex + 3 * i;
			double[] xy = longLat(argv[at], argv[at + 1]);
			long bits = GeoHash.align52(GeoHash.encode(xy[0], xy[1], GeoHash.STEP_MAX));
			zadd[longIndex + 2 * i] = Args.bytes(Long.toString(bits));
			zadd[longIndex + 2 * i + 1] = argv[at + 2];
		}
		this.zsets.zadd(session, zadd, out);
	}

	/** extractLongLatOrReply: two floats within Redis's limits. */
	private static double[] longLat(byte[] longitude, byte[] latitude) {
		double x = parseDouble(longitude, CommandException.NOT_A_FLOAT);
		double y = parseDouble(latitude, CommandException.NOT_A_FLOAT);
		if (x < GeoHash.LONG_MIN || x > GeoHash.LONG_MAX || y < GeoHash.LAT_MIN || y > GeoHash.LAT_MAX) {
			throw new CommandException(
					"ERR invalid longitude,latitude pair " + Doubles.fixed(x, 6) + "," + Doubles.fixed(y, 6));
		}
		return new double[] { x, y };
	}

	private static double parseDouble(byte[] arg, String error) {
		double value = Strtod.string2d(arg);
		if (Double.isNaN(value)) {
			throw new CommandException(error);
		}
		return value;
	}

	/** The conversion to meters of a unit (extractUnitOrReply). */
	private static double unit(byte[] arg) {
		if (Args.is(arg, "M")) {
			return 1;
		}
		if (Args.is(arg, "KM")) {
			return 1000;
		}
		if (Args.is(arg, "FT")) {
			return 0.3048;
		}
		if (Args.is(arg, "MI")) {
			return 1609.34;
		}
		throw new CommandException("ERR unsupported unit provided. please use M, KM, FT, MI");
	}

	/** GEOPOS key member ...: each member's longitude and latitude, or a null. */
	private void geopos(Session session, byte[][] argv, ReplyWriter out) {
		ZSetValue zset = read(session, argv[1]);
		out.arrayHeader(argv.length - 2);
		for (int j = 2; j < argv.length; j++) {
			double score = zset == null ? Double.NaN : zset.score(argv[j]);
			if (Double.isNaN(score)) {
				out.nullArray();
				continue;
			}
			double[] xy = GeoHash.decodeScore(score);
			out.arrayHeader(2);
			out.doubleText(Doubles.human(xy[0]));
			out.doubleText(Doubles.human(xy[1]));
		}
	}

	/** GEODIST key member1 member2 [unit] */
	private void geodist(Session session, byte[][] argv, ReplyWriter out) {
		double toMeters = 1;
		if (argv.length == 5) {
			toMeters = unit(argv[4]);
		}
		else if (argv.length > 5) {
			throw new CommandException(CommandException.SYNTAX);
		}
		ZSetValue zset = read(session, argv[1]);
		if (zset == null) {
			out.nullBulk();
			return;
		}
		double score1 = zset.score(argv[2]);
		double score2 = zset.score(argv[3]);
		if (Double.isNaN(score1) || Double.isNaN(score2)) {
			out.nullBulk();
			return;
		}
		double[] a = GeoHash.decodeScore(score1);
		double[] b = GeoHash.decodeScore(score2);
		out.bulkText(Doubles.fixedPoint(GeoHash.distance(a[0], a[1], b[0], b[1]) / toMeters, 4));
	}

	/** GEOHASH key member ...: each member's 11-character geohash, or a null. */
	private void geohash(Session session, byte[][] argv, ReplyWriter out) {
		ZSetValue zset = read(session, argv[1]);
		out.arrayHeader(argv.length - 2);
		for (int j = 2; j < argv.length; j++) {
			double score = zset == null ? Double.NaN : zset.score(argv[j]);
			if (Double.isNaN(score)) {
				out.nullBulk();
			}
			else {
				out.bulkText(GeoHash.text(score));
			}
		}
	}

	/** A point found by a search. */
	private record Point(byte[] member, double score, double longitude, double latitude, double distance) {
	}

	/**
	 * Redis's georadiusGeneric: GEORADIUS, GEORADIUSBYMEMBER, their _RO forms, GEOSEARCH and
	 * GEOSEARCHSTORE, with the source key at {@code argv[keyIndex]}.
	 */
	private void search(Session session, byte[][] argv, ReplyWriter out, int keyIndex, int flags) {
		byte[] storeKey = null;
		boolean storeDist = false;
		ZSetValue zset = read(session, argv[keyIndex]);
		int baseArgs;
		GeoShape shape = null;
		double centerLong = 0;
		double centerLat = 0;
		if ((flags & COORDS) != 0) {
			baseArgs = 6;
			double[] xy = longLat(argv[2], argv[3]);
			centerLong = xy[0];
			centerLat = xy[1];
			double[] distance = distance(argv[4], argv[5]);
			shape = GeoShape.circle(centerLong, centerLat, distance[0], distance[1]);
		}
		else if ((flags & MEMBER) != 0 && zset == null) {
			baseArgs = 5;
		}
		else if ((flags & MEMBER) != 0) {
			baseArgs = 5;
			double[] xy = memberPosition(zset, argv[2]);
			centerLong = xy[0];
			centerLat = xy[1];
			double[] distance = distance(argv[3], argv[4]);
			shape = GeoShape.circle(centerLong, centerLat, distance[0], distance[1]);
		}
		else {
			baseArgs = 2;
			if ((flags & SEARCH_STORE) != 0) {
				baseArgs = 3;
				storeKey = argv[1];
			}
		}
		boolean withDist = false;
		boolean withHash = false;
		boolean withCoords = false;
		boolean fromMember = false;
		boolean fromLonLat = false;
		boolean byRadius = false;
		boolean byBox = false;
		int sort = 0; // 0 none, 1 ascending, 2 descending
		boolean any = false;
		long count = 0;
		int remaining = argv.length - baseArgs;
		for (int i = 0; i < remaining; i++) {
			byte[] arg = argv[baseArgs + i];
			if (Args.is(arg, "WITHDIST")) {
				withDist = true;
			}
			else if (Args.is(arg, "WITHHASH")) {
				withHash = true;
			}
			else if (Args.is(arg, "WITHCOORD")) {
				withCoords = true;
			}
			else if (Args.is(arg, "ANY")) {
				any = true;
			}
			else if (Args.is(arg, "ASC")) {
				sort = 1;
			}
			else if (Args.is(arg, "DESC")) {
				sort = 2;
			}
			else if (Args.is(arg, "COUNT") && i + 1 < remaining) {
				count = Args.parseLong(argv[baseArgs + i + 1]);
				if (count <= 0) {
					throw new CommandException("ERR COUNT must be > 0");
				}
				i++;
			}
			else if ((Args.is(arg, "STORE") || Args.is(arg, "STOREDIST")) && i + 1 < remaining
					&& (flags & NO_STORE) == 0 && (flags & SEARCH) == 0) {
				storeKey = argv[baseArgs + i + 1];
				storeDist = Args.is(arg, "STOREDIST");
				i++;
			}
			else if (Args.is(arg, "STOREDIST") && (flags & SEARCH) != 0 && (flags & SEARCH_STORE) != 0) {
				storeDist = true;
			}
			else if (Args.is(arg, "FROMMEMBER") && i + 1 < remaining && (flags & SEARCH) != 0 && !fromLonLat) {
				if (zset != null) {
					double[] xy = memberPosition(zset, argv[baseArgs + i + 1]);
					centerLong = xy[0];
					centerLat = xy[1];
				}
				fromMember = true;
				i++;
			}
			else if (Args.is(arg, "FROMLONLAT") && i + 2 < remaining && (flags & SEARCH) != 0 && !fromMember) {
				double[] xy = longLat(argv[baseArgs + i + 1], argv[baseArgs + i + 2]);
				centerLong = xy[0];
				centerLat = xy[1];
				fromLonLat = true;
				i += 2;
			}
			else if (Args.is(arg, "BYRADIUS") && i + 2 < remaining && (flags & SEARCH) != 0 && !byBox) {
				double[] distance = distance(argv[baseArgs + i + 1], argv[baseArgs + i + 2]);
				shape = GeoShape.circle(0, 0, distance[0], distance[1]);
				byRadius = true;
				i += 2;
			}
			else if (Args.is(arg, "BYBOX") && i + 3 < remaining && (flags & SEARCH) != 0 && !byRadius) {
				double width = parseDouble(argv[baseArgs + i + 1], "ERR need numeric width");
				double height = parseDouble(argv[baseArgs + i + 2], "ERR need numeric height");
				if (height < 0 || width < 0) {
					throw new CommandException("ERR height or width cannot be negative");
				}
				shape = GeoShape.box(0, 0, width, height, unit(argv[baseArgs + i + 3]));
				byBox = true;
				i += 3;
			}
			else {
				throw new CommandException(CommandException.SYNTAX);
			}
		}
		if (storeKey != null && (withDist || withHash || withCoords)) {
			String option = (flags & SEARCH_STORE) != 0 ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS";
			throw new CommandException("ERR " + option + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
		}
		if ((flags & SEARCH) != 0 && !(fromMember || fromLonLat)) {
			throw new CommandException("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for "
					+ Args.text(argv[0]));
		}
		if ((flags & SEARCH) != 0 && !(byRadius || byBox)) {
			throw new CommandException("ERR exactly one of BYRADIUS and BYBOX can be specified for "
					+ Args.text(argv[0]));
		}
		if (any && count == 0) {
			throw new CommandException("ERR the ANY argument requires COUNT argument");
		}
		Keyspace db = db(session);
		if (zset == null) {
			if (storeKey != null) {
				db.delete(storeKey);
				out.integer(0);
			}
			else {
				out.arrayHeader(0);
			}
			return;
		}
		if (count != 0 && sort == 0 && !any) {
			sort = 1;
		}
		shape = shape.at(centerLong, centerLat);
		List<Point> points = pointsWithin(zset, shape, any ? count : 0);
		if (points.isEmpty() && storeKey == null) {
			out.arrayHeader(0);
			return;
		}
		long returned = count == 0 || points.size() < count ? points.size() : count;
		if (sort != 0) {
			Comparator<Point> byDistance = Comparator.comparingDouble(Point::distance);
			points.sort(sort == 1 ? byDistance : byDistance.reversed());
		}
		if (storeKey == null) {
			reply(points, returned, shape.conversion(), withDist, withHash, withCoords, out);
		}
		else {
			store(db, storeKey, points, returned, shape.conversion(), storeDist, out);
		}
	}

	/** extractDistanceOrReply: {radius, meters per unit}. */
	private static double[] distance(byte[] radius, byte[] unit) {
		double distance = parseDouble(radius, "ERR need numeric radius");
		if (distance < 0) {
			throw new CommandException("ERR radius cannot be negative");
		}
		return new double[] { distance, unit(unit) };
	}

	private static double[] memberPosition(ZSetValue zset, byte[] member) {
		double score = zset.score(member);
		if (Double.isNaN(score)) {
			throw new CommandException("ERR could not decode requested zset member");
		}
		return GeoHash.decodeScore(score);
	}

	/**
	 * membersOfAllNeighbors: the members in the search boxes, in Redis's order (box by box, each in
	 * score order), that are inside the shape; with a limit (ANY), the search stops once it has that many.
	 */
	private static List<Point> pointsWithin(ZSetValue zset, GeoShape shape, long limit) {
		List<Point> points = new ArrayList<>();
		GeoHash.Bits[] boxes = GeoHash.searchBoxes(shape);
		int lastProcessed = 0;
		for (int i = 0; i < boxes.length; i++) {
			GeoHash.Bits box = boxes[i];
			if (box.isZero()) {
				continue;
			}
			if (lastProcessed != 0 && box.equals(boxes[lastProcessed])) {
				continue; // with a huge radius, neighbouring boxes can be the same one
			}
			if (!points.isEmpty() && limit != 0 && points.size() >= limit) {
				break;
			}
			long min = GeoHash.align52(box);
			long max = GeoHash.align52(new GeoHash.Bits(box.bits() + 1, box.step()));
			ZRange range = new ZRange.ByScore(min, false, max, true);
			for (ZSetValue.Cursor c = zset.firstIn(range, false); c.valid(); c.advance()) {
				double score = c.score();
				if (!range.belowMax(score, null)) {
					break;
				}
				double[] xy = GeoHash.decodeScore(score);
				double distance = shape.distanceIfWithin(xy[0], xy[1]);
				if (!Double.isNaN(distance)) {
					points.add(new Point(c.member(), score, xy[0], xy[1], distance));
				}
				if (!points.isEmpty() && limit != 0 && points.size() >= limit) {
					break;
				}
			}
			lastProcessed = i;
		}
		return points;
	}

	private static void reply(List<Point> points, long returned, double conversion, boolean withDist,
			boolean withHash, boolean withCoords, ReplyWriter out) {
		int options = (withDist ? 1 : 0) + (withCoords ? 1 : 0) + (withHash ? 1 : 0);
		out.arrayHeader((int) returned);
		for (int i = 0; i < returned; i++) {
			Point p = points.get(i);
			if (options > 0) {
				out.arrayHeader(options + 1);
			}
			out.bulk(p.member());
			if (withDist) {
				out.bulkText(Doubles.fixedPoint(p.distance() / conversion, 4));
			}
			if (withHash) {
				out.integer((long) p.score());
			}
			if (withCoords) {
				out.arrayHeader(2);
				out.doubleText(Doubles.human(p.longitude()));
				out.doubleText(Doubles.human(p.latitude()));
			}
		}
	}

	/** STORE / STOREDIST: the results as a sorted set scored by geohash or by distance in the unit. */
	private void store(Keyspace db, byte[] key, List<Point> points, long returned, double conversion,
			boolean byDistance, ReplyWriter out) {
		if (returned == 0) {
			db.delete(key);
			out.integer(0);
			return;
		}
		ZSetValue result = ZSetValue.createSkiplist();
		long longest = 0;
		long total = 0;
		for (int i = 0; i < returned; i++) {
			Point p = points.get(i);
			result.add(byDistance ? p.distance() / conversion : p.score(), p.member(), 0, Long.MAX_VALUE,
					Long.MAX_VALUE);
			longest = Math.max(longest, p.member().length);
			total += p.member().length;
		}
		result.toListpackIfSmall(this.zsets.maxListpackEntries(), this.zsets.maxListpackValue(), longest, total);
		db.set(key, result);
		out.integer(returned);
	}

}
