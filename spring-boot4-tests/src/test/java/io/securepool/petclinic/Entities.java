package io.securepool.petclinic;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The clinic's entities, PetClinic's model with optimistic locking on owners and pets. */
final class Entities {

  private Entities() {}

  @Entity(name = "PetType")
  @Table(name = "types")
  static class PetType extends NamedEntity {}

  @Entity(name = "Specialty")
  @Table(name = "specialties")
  static class Specialty extends NamedEntity {}

  @Entity(name = "Vet")
  @Table(name = "vets")
  static class Vet extends Person {
    @ManyToMany(fetch = FetchType.EAGER)
    @JoinTable(
        name = "vet_specialties",
        joinColumns = @JoinColumn(name = "vet_id"),
        inverseJoinColumns = @JoinColumn(name = "specialty_id"))
    @OrderBy("name")
    private List<Specialty> specialties = new ArrayList<>();

    List<Specialty> getSpecialties() {
      return specialties;
    }
  }

  @Entity(name = "Owner")
  @Table(name = "owners")
  static class Owner extends Person {
    @Column(name = "address")
    private String address;

    @Column(name = "city")
    private String city;

    @Column(name = "telephone")
    private String telephone;

    @Version private Integer version;

    @OneToMany(cascade = CascadeType.ALL, fetch = FetchType.LAZY)
    @JoinColumn(name = "owner_id")
    @OrderBy("name")
    private List<Pet> pets = new ArrayList<>();

    String getAddress() {
      return address;
    }

    String getCity() {
      return city;
    }

    String getTelephone() {
      return telephone;
    }

    void setTelephone(String telephone) {
      this.telephone = telephone;
    }

    Integer getVersion() {
      return version;
    }

    List<Pet> getPets() {
      return pets;
    }
  }

  @Entity(name = "Pet")
  @Table(name = "pets")
  static class Pet extends NamedEntity {
    @Column(name = "birth_date")
    private LocalDate birthDate;

    @ManyToOne
    @JoinColumn(name = "type_id")
    private PetType type;

    @Version private Integer version;

    @OneToMany(cascade = CascadeType.ALL, fetch = FetchType.LAZY)
    @JoinColumn(name = "pet_id")
    @OrderBy("date ASC, id ASC")
    private List<Visit> visits = new ArrayList<>();

    LocalDate getBirthDate() {
      return birthDate;
    }

    PetType getType() {
      return type;
    }

    Integer getVersion() {
      return version;
    }

    List<Visit> getVisits() {
      return visits;
    }
  }

  @Entity(name = "Visit")
  @Table(name = "visits")
  static class Visit extends BaseEntity {
    @Column(name = "visit_date")
    private LocalDate date;

    @Column(name = "description")
    private String description;

    LocalDate getDate() {
      return date;
    }

    String getDescription() {
      return description;
    }

    void set(LocalDate date, String description) {
      this.date = date;
      this.description = description;
    }
  }
}
