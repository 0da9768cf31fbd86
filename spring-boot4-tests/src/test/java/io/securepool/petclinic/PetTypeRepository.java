package io.securepool.petclinic;

import io.securepool.petclinic.Entities.PetType;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** Pet types, sorted by a derived query. */
interface PetTypeRepository extends JpaRepository<PetType, Integer> {

  List<PetType> findAllByOrderByName();
}
