/**
 * The engine recipes and their renderings: {@code recipe} turns a chosen plan into typed values (one class per
 * engine), {@code compose} and the FreeMarker templates write them out as docker-compose, Kubernetes, launch and README
 * files (docs/architecture.md). Templates hold no decisions; the recipe they render is computed and tested in Java.
 */
package dev.thinkrig.templates;
