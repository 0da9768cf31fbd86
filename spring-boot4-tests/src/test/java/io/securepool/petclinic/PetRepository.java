package io.securepool.petclinic;

import io.securepool.petclinic.Entities.Pet;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** Pets: a derived query through an association, limited by a page. */
interface PetRepository extends JpaRepository<Pet, Integer> {

  List<Pet> findByTypeNameOrderByBirthDateDescIdAsc(String type, Pageable pageable);
}
