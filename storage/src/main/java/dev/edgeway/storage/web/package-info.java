/** The REST API under /system/storage: functional routes, one handler per resource, RFC 9457 problem responses. */
@NullMarked
package dev.edgeway.storage.web;

import org.jspecify.annotations.NullMarked;
