package io.kvserver.compat.random;

import static io.kvserver.compat.random.CommandTemplate.command;

import java.util.List;

/**
 * The geo family (geo.c): points added with their flags, positions, distances and hashes, and
 * searches by radius and box from a member or a position with every option, stored or not. The
 * points lie around a few places (Palermo, Catania, the poles' limits, the antimeridian) so the
 * searches find some of them; geo sets are sorted sets, read at the end as such.
 */
public final class GeoCommandGenerator implements CommandGenerator {

	private static final List<String[]> PLACES = List.of(new String[] { "13.361389", "38.115556" },
			new String[] { "15.087269", "37.502669" }, new String[] { "13.583333", "37.316667" },
			new String[] { "2.352222", "48.856613" }, new String[] { "-0.1278", "51.5074" },
			new String[] { "179.999", "0" }, new String[] { "-179.999", "0.5" }, new String[] { "0", "85.05112878" },
			new String[] { "0", "-85.05112878" }, new String[] { "180", "0" }, new String[] { "0", "0" });

	private static final List<String[]> BAD_PLACES = List.of(new String[] { "181", "0" },
			new String[] { "0", "86" }, new String[] { "abc", "1" }, new String[] { "1", "nan" },
			new String[] { "-180.0000001", "0" }, new String[] { "inf", "0" });

	private static final List<String> MEMBERS = List.of("Palermo", "Catania", "Agrigento", "Paris", "London",
			"East", "West", "North", "South", "m1", "", "a");

	@Override
	public String family() {
		return "geo";
	}

	/** Geo sets are sorted sets: the geo commands share their keys with ZADD, ZRANGE and the rest. */
	@Override
	public String keyGroup() {
		return "zset";
	}

	@Override
	public int weight() {
		return 4;
	}

	@Override
	public List<CommandTemplate> templates() {
		return List.of(
				command("geoadd", 8, GeoCommandGenerator::geoadd),
				command("geopos", 3, g -> Args.of("GEOPOS", g.key()).add(members(g))),
				command("geodist", 3, g -> Args.of("GEODIST", g.key(), member(g), member(g)).maybe(g, 0.7, unit(g))),
				command("geohash", 2, g -> Args.of("GEOHASH", g.key()).add(members(g))),
				command("geosearch", 5, g -> search(g, Args.of("GEOSEARCH", g.key()), true)),
				command("geosearchstore", 3, g -> search(g, Args.of("GEOSEARCHSTORE", g.key(), g.key()), false)
					.maybe(g, 0.4, "STOREDIST")),
				command("georadius", 3, g -> radius(g, Args.of("GEORADIUS", g.key()).add(place(g)), true)),
				command("georadius_ro", 2, g -> radius(g, Args.of("GEORADIUS_RO", g.key()).add(place(g)), false)),
				command("georadiusbymember", 3, g -> radius(g, Args.of("GEORADIUSBYMEMBER", g.key(), member(g)), true)),
				command("georadiusbymember_ro", 2,
						g -> radius(g, Args.of("GEORADIUSBYMEMBER_RO", g.key(), member(g)), false)));
	}

	private static Args geoadd(Gen g) {
		Args args = Args.of("GEOADD", g.key()).options(g, g.pick("NX", "XX"), "CH");
		for (int i = g.between(1, 4); i > 0; i--) {
			args.add(place(g)).add(member(g));
		}
		return args;
	}

	private static Args search(Gen g, Args args, boolean withReplies) {
		args.add(g.chance(0.5) ? new Object[] { "FROMMEMBER", member(g) } : new Object[] { "FROMLONLAT", place(g) });
		if (g.chance(0.5)) {
			args.add("BYRADIUS", distance(g), unit(g));
		}
		else {
			args.add("BYBOX", distance(g), distance(g), unit(g));
		}
		return args.options(g, g.pick("ASC", "DESC"), count(g), withReplies ? "WITHCOORD" : new Object[0],
				withReplies ? "WITHDIST" : new Object[0], withReplies ? "WITHHASH" : new Object[0]);
	}

	private static Args radius(Gen g, Args args, boolean store) {
		args.add(distance(g), unit(g));
		return args.options(g, g.pick("ASC", "DESC"), count(g), "WITHCOORD", "WITHDIST", "WITHHASH",
				store ? new Object[] { g.pick("STORE", "STOREDIST"), g.key() } : new Object[0]);
	}

	private static Object[] count(Gen g) {
		String n = g.pick("1", "2", "3", "10", "0", "-1", "abc");
		return g.chance(0.3) ? new Object[] { "COUNT", n, "ANY" } : new Object[] { "COUNT", n };
	}

	private static Object[] place(Gen g) {
		String[] p = g.chance(0.9) ? g.pick(PLACES) : g.pick(BAD_PLACES);
		return new Object[] { p[0], p[1] };
	}

	private static String distance(Gen g) {
		return g.pick("100", "200", "1000", "0", "1.5", "50000", "20000000", "-1", "abc", "inf");
	}

	private static String unit(Gen g) {
		return g.pick("m", "km", "mi", "ft", "KM", "yd");
	}

	private static String member(Gen g) {
		return g.pick(MEMBERS);
	}

	private static List<String> members(Gen g) {
		return g.chance(0.1) ? List.of() : List.of(member(g), member(g), member(g)).subList(0, g.between(1, 3));
	}

}
