package io.securepool.corpus.springdata.jpa;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

/** A repository of one subtype: its queries join the root table. */
public interface GadgetRepository extends JpaRepository<Gadget, Long> {
  List<Gadget> findByBatteryHoursGreaterThanEqualOrderByNameAsc(int hours);
}
