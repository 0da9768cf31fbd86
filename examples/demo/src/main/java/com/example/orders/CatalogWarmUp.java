package com.example.orders;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Runs the concatenating lookup once at start-up, as a service that has served one request would
 * have. The inspector has now seen the statement's shape from that place in the code with one
 * literal, so the first request with any other name is refused as concatenation: the demo's refusal
 * does not depend on which request comes first. (Tautologies and other tricks are refused at first
 * sight anyway.)
 */
@Component
class CatalogWarmUp implements ApplicationRunner {

  /** The name looked up at start-up; asking for it again is not variance, any other name is. */
  static final String NAME = "espresso";

  private static final Logger LOG = LoggerFactory.getLogger(CatalogWarmUp.class);

  private final ProductCatalog catalog;

  CatalogWarmUp(ProductCatalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public void run(ApplicationArguments args) {
    int found = catalog.findByNameConcatenated(NAME).size();
    LOG.info(
        "catalogue warmed up: the concatenating lookup ran once for '{}' ({} row); any other name"
            + " through it is now refused",
        NAME,
        found);
  }
}
