package io.securepool.corpus.springdata.jpa;

import jakarta.persistence.Entity;

/** A product with a battery. */
@Entity
public class Gadget extends Product {
  public int batteryHours;
}
