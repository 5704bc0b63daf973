/**
 * GPU facts and live meters: NVML, nvidia-smi or none, and CPU/RAM/disk through OSHI, on one scheduler. Uses infra
 * only.
 */
package org.visomaster.launcher.infra.metrics;
