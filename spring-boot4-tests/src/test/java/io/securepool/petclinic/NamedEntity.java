package io.securepool.petclinic;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** Entities known by a name: pet types, specialties, pets. */
@MappedSuperclass
abstract class NamedEntity extends BaseEntity {

  @Column(name = "name")
  private String name;

  String getName() {
    return name;
  }

  void setName(String name) {
    this.name = name;
  }
}
