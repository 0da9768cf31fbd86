package io.securepool.petclinic;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

/** Owners and vets. */
@MappedSuperclass
abstract class Person extends BaseEntity {

  @Column(name = "first_name")
  private String firstName;

  @Column(name = "last_name")
  private String lastName;

  String getFirstName() {
    return firstName;
  }

  String getLastName() {
    return lastName;
  }

  void setFirstName(String firstName) {
    this.firstName = firstName;
  }

  void setLastName(String lastName) {
    this.lastName = lastName;
  }
}
