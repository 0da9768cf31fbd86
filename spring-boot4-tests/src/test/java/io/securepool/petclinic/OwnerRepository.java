package io.securepool.petclinic;

import io.securepool.petclinic.Entities.Owner;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Owners: PetClinic's paged prefix search, a LIKE search, a derived count. */
interface OwnerRepository extends JpaRepository<Owner, Integer> {

  /** A derived {@code LIKE 'prefix%'} query, paged (PetClinic's owner search). */
  Page<Owner> findByLastNameStartingWith(String lastName, Pageable pageable);

  /** A case-insensitive {@code LIKE '%fragment%'} search over addresses and cities. */
  @Query(
      "SELECT o FROM Owner o WHERE lower(o.address) LIKE lower(concat('%', :q, '%'))"
          + " OR lower(o.city) LIKE lower(concat('%', :q, '%')) ORDER BY o.id")
  List<Owner> search(@Param("q") String q);

  long countByCity(String city);
}
