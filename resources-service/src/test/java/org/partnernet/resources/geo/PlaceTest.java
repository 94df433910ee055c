package org.partnernet.resources.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PlaceTest {

  @Test
  void greatCircleDistanceOfAKnownPair() {
    // Cleveland to Columbus, about 203 km as the crow flies
    assertThat(new Place(41.4993, -81.6944).distanceKm(new Place(39.9612, -82.9988))).isCloseTo(203, within(3.0));
    assertThat(new Place(0, 179.9).distanceKm(new Place(0, -179.9))).isCloseTo(22.2, within(0.1));
  }

  @Test
  void theBoxContainsTheWholeCircle() {
    Place center = new Place(41.5, -81.69);
    Place.Box box = center.boxAround(20);
    for (int bearing = 0; bearing < 360; bearing += 15) {
      double rad = Math.toRadians(bearing);
      // a point 19.9 km away in that direction
      double lat = center.latitude() + 19.9 / 111.2 * Math.cos(rad);
      double lng = center.longitude() + 19.9 / (111.2 * Math.cos(Math.toRadians(lat))) * Math.sin(rad);
      assertThat(lat).isBetween(box.minLatitude(), box.maxLatitude());
      assertThat(lng).isBetween(box.minLongitude(), box.maxLongitude());
    }
  }

  @Test
  void aBoxAcrossTheAntimeridianWraps() {
    Place.Box box = new Place(-17.7, 179.9).boxAround(50);
    assertThat(box.crossesAntimeridian()).isTrue();
    assertThat(box.minLongitude()).isGreaterThan(179);
    assertThat(box.maxLongitude()).isLessThan(-179);
  }

  @Test
  void nearAPoleEveryLongitudeQualifies() {
    Place.Box box = new Place(89.9, 10).boxAround(100);
    assertThat(box.minLongitude()).isEqualTo(-180);
    assertThat(box.maxLongitude()).isEqualTo(180);
    assertThat(box.maxLatitude()).isEqualTo(90);
  }
}
