package io.securepool.corpus.orm;

import jakarta.persistence.Entity;
import jakarta.persistence.ManyToOne;

/** A book by one author. */
@Entity
public class Book extends Media {
  public String isbn;
  @ManyToOne public Writer writer;
}
