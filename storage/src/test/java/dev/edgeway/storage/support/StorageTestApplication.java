package dev.edgeway.storage.support;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The smallest WebFlux application that depends on the storage module, as the gateway does:
 * everything it serves comes from the module's auto-configuration.
 */
@SpringBootApplication
public class StorageTestApplication {}
