package io.securepool.petclinic;

import io.securepool.petclinic.Entities.Owner;
import io.securepool.petclinic.Entities.Pet;
import io.securepool.petclinic.Entities.Specialty;
import io.securepool.petclinic.Entities.Vet;
import io.securepool.petclinic.Entities.Visit;
import java.time.LocalDate;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The clinic over HTTP, answering JSON built from the entities inside the transaction (open session
 * in view is off, as a service with a least-privilege role would run it).
 */
@RestController
class ClinicController {

  record OwnerRow(int id, String firstName, String lastName, String city, List<String> pets) {}

  record OwnerPage(long total, int pages, List<OwnerRow> owners) {}

  record VisitRow(LocalDate date, String description) {}

  record PetRow(
      int id, String name, LocalDate birthDate, String type, int version, List<VisitRow> visits) {}

  record OwnerDetails(
      int id,
      String firstName,
      String lastName,
      String address,
      String city,
      String telephone,
      int version,
      List<PetRow> pets) {}

  record VetRow(String firstName, String lastName, List<String> specialties) {}

  record VetPage(long total, List<VetRow> vets) {}

  private final OwnerRepository owners;
  private final PetRepository pets;
  private final PetTypeRepository types;
  private final VetRepository vets;

  ClinicController(
      OwnerRepository owners, PetRepository pets, PetTypeRepository types, VetRepository vets) {
    this.owners = owners;
    this.pets = pets;
    this.types = types;
    this.vets = vets;
  }

  @GetMapping("/owners")
  @Transactional(readOnly = true)
  public OwnerPage findOwners(
      @RequestParam(name = "lastName", defaultValue = "") String lastName,
      @RequestParam(name = "page", defaultValue = "1") int page) {
    Page<Owner> found =
        owners.findByLastNameStartingWith(
            lastName, PageRequest.of(page - 1, 5, Sort.by("lastName", "id")));
    return new OwnerPage(
        found.getTotalElements(),
        found.getTotalPages(),
        found.getContent().stream().map(ClinicController::row).toList());
  }

  @GetMapping("/owners/search")
  @Transactional(readOnly = true)
  public List<OwnerRow> search(@RequestParam("q") String q) {
    return owners.search(q).stream().map(ClinicController::row).toList();
  }

  @GetMapping("/owners/{id}")
  @Transactional(readOnly = true)
  public ResponseEntity<OwnerDetails> owner(@PathVariable("id") int id) {
    return owners
        .findById(id)
        .map(ClinicController::details)
        .map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.notFound().build());
  }

  @GetMapping("/cities/{city}/count")
  @Transactional(readOnly = true)
  public long ownersIn(@PathVariable("city") String city) {
    return owners.countByCity(city);
  }

  @GetMapping("/pets")
  @Transactional(readOnly = true)
  public List<String> youngest(
      @RequestParam("type") String type, @RequestParam("limit") int limit) {
    return pets.findByTypeNameOrderByBirthDateDescIdAsc(type, PageRequest.of(0, limit)).stream()
        .map(pet -> pet.getName() + " " + pet.getBirthDate())
        .toList();
  }

  @GetMapping("/pettypes")
  @Transactional(readOnly = true)
  public List<String> petTypes() {
    return types.findAllByOrderByName().stream().map(NamedEntity::getName).toList();
  }

  @GetMapping("/vets")
  @Transactional(readOnly = true)
  public VetPage vets(@RequestParam(name = "page", defaultValue = "1") int page) {
    Page<Vet> found = vets.findAllByOrderByLastNameAscIdAsc(PageRequest.of(page - 1, 5));
    return new VetPage(
        found.getTotalElements(),
        found.getContent().stream()
            .map(
                vet ->
                    new VetRow(
                        vet.getFirstName(),
                        vet.getLastName(),
                        vet.getSpecialties().stream().map(Specialty::getName).toList()))
            .toList());
  }

  /** PetClinic's "add visit": an INSERT, and the pet's version moves on. */
  @PostMapping("/owners/{ownerId}/pets/{petId}/visits")
  @Transactional
  public ResponseEntity<Integer> addVisit(
      @PathVariable("ownerId") int ownerId,
      @PathVariable("petId") int petId,
      @RequestParam("description") String description) {
    Owner owner = owners.findById(ownerId).orElse(null);
    Pet pet =
        owner == null
            ? null
            : owner.getPets().stream().filter(p -> p.getId() == petId).findFirst().orElse(null);
    if (pet == null) {
      return ResponseEntity.notFound().build();
    }
    Visit visit = new Visit();
    visit.set(LocalDate.of(2026, 1, 1), description);
    pet.getVisits().add(visit);
    owners.flush();
    return ResponseEntity.ok(pet.getVisits().size());
  }

  /** An UPDATE under optimistic locking: the owner's version column moves on. */
  @PostMapping("/owners/{id}/telephone")
  @Transactional
  public ResponseEntity<Integer> telephone(
      @PathVariable("id") int id, @RequestParam("value") String value) {
    Owner owner = owners.findById(id).orElse(null);
    if (owner == null) {
      return ResponseEntity.notFound().build();
    }
    owner.setTelephone(value);
    owners.flush();
    return ResponseEntity.ok(owner.getVersion());
  }

  private static OwnerRow row(Owner owner) {
    return new OwnerRow(
        owner.getId(),
        owner.getFirstName(),
        owner.getLastName(),
        owner.getCity(),
        owner.getPets().stream().map(NamedEntity::getName).toList());
  }

  private static OwnerDetails details(Owner owner) {
    return new OwnerDetails(
        owner.getId(),
        owner.getFirstName(),
        owner.getLastName(),
        owner.getAddress(),
        owner.getCity(),
        owner.getTelephone(),
        owner.getVersion(),
        owner.getPets().stream()
            .map(
                pet ->
                    new PetRow(
                        pet.getId(),
                        pet.getName(),
                        pet.getBirthDate(),
                        pet.getType().getName(),
                        pet.getVersion(),
                        pet.getVisits().stream()
                            .map(visit -> new VisitRow(visit.getDate(), visit.getDescription()))
                            .toList()))
            .toList());
  }
}
