package org.partnernet.resources.training;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.partnernet.resources.geo.Place;

/** The training programmes of this network. */
public interface Trainings {

  /** Stores a new training; if the trainer already used its request id, returns that first training. */
  Training insertOnce(Training training);

  Optional<Training> find(String id);

  /**
   * Trainings matching the stored fields (any null/empty part matches everything), bookable on or after
   * {@code bookableFrom}, newest first; in-person ones pre-filtered to the box around {@code near}.
   */
  List<Training> search(Audience audience, String language, List<Format> formats, LocalDate date,
                        LocalDate bookableFrom, Place near, double radiusKm, int limit);

  void addRating(String id, int rating);

  long count();
}
