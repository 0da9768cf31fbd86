package io.securepool.corpus.orm;

import jakarta.persistence.Entity;

/** A film. */
@Entity
public class Film extends Media {
  public int minutes;
}
