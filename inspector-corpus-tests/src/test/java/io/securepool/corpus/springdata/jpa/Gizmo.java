package io.securepool.corpus.springdata.jpa;

import jakarta.persistence.Entity;

/** A product with a colour. */
@Entity
public class Gizmo extends Product {
  public String colour;
}
