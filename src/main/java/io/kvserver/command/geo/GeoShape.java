package io.kvserver.command.geo;

/**
 * The area a search covers (geohash.h's GeoShape): a circle of a radius or an axis-aligned box of a
 * width and height around a centre, in a unit ({@code conversion} meters each).
 */
record GeoShape(double longitude, double latitude, boolean circle, double radius, double width, double height,
		double conversion) {

	static GeoShape circle(double longitude, double latitude, double radius, double conversion) {
		return new GeoShape(longitude, latitude, true, radius, 0, 0, conversion);
	}

	static GeoShape box(double longitude, double latitude, double width, double height, double conversion) {
		return new GeoShape(longitude, latitude, false, 0, width, height, conversion);
	}

	GeoShape at(double longitude, double latitude) {
		return new GeoShape(longitude, latitude, this.circle, this.radius, this.width, this.height, this.conversion);
	}

	/** geohashBoundingBox: {min longitude, min latitude, max longitude, max latitude}. */
	double[] boundingBox() {
		double h = this.conversion * (this.circle ? this.radius : this.height / 2);
		double w = this.conversion * (this.circle ? this.radius : this.width / 2);
		double latDelta = GeoHash.radDeg(h / GeoHash.EARTH_RADIUS_IN_METERS);
		double longDeltaTop = GeoHash.radDeg(
				w / GeoHash.EARTH_RADIUS_IN_METERS / StrictMath.cos(GeoHash.degRad(this.latitude + latDelta)));
		double longDeltaBottom = GeoHash.radDeg(
				w / GeoHash.EARTH_RADIUS_IN_METERS / StrictMath.cos(GeoHash.degRad(this.latitude - latDelta)));
		boolean southern = this.latitude < 0;
		return new double[] { southern ? this.longitude - longDeltaBottom : this.longitude - longDeltaTop,
				this.latitude - latDelta,
				southern ? this.longitude + longDeltaBottom : this.longitude + longDeltaTop,
				this.latitude + latDelta };
	}

	/** The radius that decides the search's precision: the circle's, or the centre-to-corner distance of the box. */
	double searchRadiusMeters() {
		double r = this.circle ? this.radius
				: Math.sqrt((this.width / 2) * (this.width / 2) + (this.height / 2) * (this.height / 2));
		return r * this.conversion;
	}

	/**
	 * geoWithinShape: the distance in meters from the centre to the point, or NaN if the point is
	 * outside the shape.
	 */
	double distanceIfWithin(double longitude, double latitude) {
		if (this.circle) {
			double distance = GeoHash.distance(this.longitude, this.latitude, longitude, latitude);
			return distance > this.radius * this.conversion ? Double.NaN : distance;
		}
		double widthMeters = this.width * this.conversion;
		double heightMeters = this.height * this.conversion;
		if (GeoHash.latDistance(latitude, this.latitude) > heightMeters / 2) {
			return Double.NaN;
		}
		if (GeoHash.distance(longitude, latitude, this.longitude, latitude) > widthMeters / 2) {
			return Double.NaN;
		}
		return GeoHash.distance(this.longitude, this.latitude, longitude, latitude);
	}

}
