package io.securepool.petclinic;

import io.securepool.petclinic.Entities.Vet;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** Vets, paged (PetClinic's vet list). */
interface VetRepository extends JpaRepository<Vet, Integer> {

  Page<Vet> findAllByOrderByLastNameAscIdAsc(Pageable pageable);
}
