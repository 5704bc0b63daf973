package org.visomaster.launcher.steps.requirements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.visomaster.launcher.steps.requirements.InstallFailure.Diagnosis;
import org.visomaster.launcher.steps.requirements.InstallFailure.Kind;

/** Real-looking pip 23/24 and uv output, as printed when each kind of failure happens. */
class InstallFailureTest {
    private static Diagnosis classify(String output) {
        return InstallFailure.classify(List.of(output.split("\n")), 1, false, "4 hours");
    }

    @Test
    void pipNoMatchingDistribution() {
        Diagnosis d = classify("""
                Looking in links: /tmp/wheels
                Processing /tmp/wheels/numpy-1.26.4-py3-none-any.whl
                ERROR: Could not find a version that satisfies the requirement onnxruntime-gpu==9.9.9 (from versions: 1.20.0, 1.22.0)
                ERROR: No matching distribution found for onnxruntime-gpu==9.9.9""");
        assertEquals(Kind.NO_MATCHING_DISTRIBUTION, d.kind());
        assertTrue(d.sentence().startsWith("No matching distribution for onnxruntime-gpu==9.9.9: "), d.sentence());
        assertTrue(d.sentence().contains("override"), d.sentence());
    }

    @Test
    void pipOfflineIsNetworkNotNoMatch() {
        Diagnosis d = classify("""
                Looking in indexes: https://pypi.org/simple, https://download.pytorch.org/whl/cu124
                WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPSConnection object at 0x7f1c2b0>: Failed to establish a new connection: [Errno -3] Temporary failure in name resolution')': /simple/numpy/
                ERROR: Could not find a version that satisfies the requirement numpy==1.26.4 (from versions: none)
                ERROR: No matching distribution found for numpy==1.26.4""");
        assertEquals(Kind.NETWORK, d.kind());
        assertTrue(d.sentence().contains("could not be reached (NewConnectionError)"), d.sentence());
    }

    @Test
    void pipReadTimeout() {
        Diagnosis d = classify("""
                Collecting torch==2.4.1+cu124
                  Downloading https://download.pytorch.org/whl/cu124/torch-2.4.1%2Bcu124-cp310-cp310-linux_x86_64.whl (797.1 MB)
                ERROR: Exception:
                pip._vendor.urllib3.exceptions.ReadTimeoutError: HTTPSConnectionPool(host='download.pytorch.org', port=443): Read timed out.""");
        assertEquals(Kind.NETWORK, d.kind());
    }

    @Test
    void pipBuildFailure() {
        Diagnosis d = classify("""
                Building wheels for collected packages: insightface
                  Building wheel for insightface (pyproject.toml) ... error
                  error: subprocess-exited-with-error
                  × Building wheel for insightface (pyproject.toml) did not run successfully.
                  │ exit code: 1
                      insightface/thirdparty/face3d/mesh/cython/mesh_core_cython.cpp:36:10: fatal error: Python.h: No such file or directory
                  note: This error originates from a subprocess, and is likely not a problem with pip.
                  ERROR: Failed building wheel for insightface
                Failed to build insightface
                ERROR: Could not build wheels for insightface, which is required to install pyproject.toml-based projects""");
        assertEquals(Kind.BUILD_ERROR, d.kind());
        assertTrue(d.sentence().startsWith("Building insightface from source failed"), d.sentence());
    }

    @Test
    void diskFull() {
        Diagnosis d = classify("""
                Installing collected packages: nvidia-cudnn-cu12, torch
                ERROR: Could not install packages due to an OSError: [Errno 28] No space left on device""");
        assertEquals(Kind.DISK_FULL, d.kind());
        assertTrue(d.sentence().contains("disk is full"), d.sentence());
    }

    @Test
    void pipConflict() {
        Diagnosis d = classify("""
                ERROR: Cannot install -r requirements.derived.txt (line 4) and numpy==1.26.4 because these package versions have conflicting dependencies.

                The conflict is caused by:
                    The user requested numpy==1.26.4
                    opencv-python 4.10.0.84 depends on numpy>=2; python_version >= "3.9"

                To fix this you could try to:
                1. loosen the range of package versions you've specified
                2. remove package versions to allow pip attempt to solve the dependency conflict

                ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts""");
        assertEquals(Kind.CONFLICT, d.kind());
        assertTrue(d.sentence().contains("(-r requirements.derived.txt (line 4) and numpy==1.26.4)"), d.sentence());
    }

    @Test
    void uvNoVersion() {
        Diagnosis d = classify("""
                  × No solution found when resolving dependencies:
                  ╰─▶ Because there is no version of onnxruntime-gpu==9.9.9 and you require onnxruntime-gpu==9.9.9, we can conclude that your requirements are unsatisfiable.""");
        assertEquals(Kind.NO_MATCHING_DISTRIBUTION, d.kind());
        assertTrue(d.sentence().startsWith("No matching distribution for onnxruntime-gpu==9.9.9:"), d.sentence());
    }

    @Test
    void uvNotInRegistry() {
        Diagnosis d = classify("""
                  × No solution found when resolving dependencies:
                  ╰─▶ Because visomaster-extras was not found in the package registry and you require visomaster-extras, we can conclude that your requirements are unsatisfiable.""");
        assertEquals(Kind.NO_MATCHING_DISTRIBUTION, d.kind());
        assertTrue(d.sentence().contains("visomaster-extras"), d.sentence());
    }

    @Test
    void uvConflict() {
        Diagnosis d = classify("""
                  × No solution found when resolving dependencies:
                  ╰─▶ Because torch==2.4.1 depends on numpy<2 and you require numpy==2.1.0, we can conclude that your requirements and torch==2.4.1 are incompatible.""");
        assertEquals(Kind.CONFLICT, d.kind());
    }

    @Test
    void uvNetwork() {
        Diagnosis d = classify("""
                error: Request failed after 3 retries
                  Caused by: Failed to fetch: `https://pypi.org/simple/numpy/`
                  Caused by: error sending request for url (https://pypi.org/simple/numpy/)
                  Caused by: client error (Connect)
                  Caused by: dns error: failed to lookup address information: Temporary failure in name resolution""");
        assertEquals(Kind.NETWORK, d.kind());
    }

    @Test
    void uvBuildFailure() {
        Diagnosis d = classify("""
                Resolved 74 packages in 2.31s
                  × Failed to build `insightface==0.7.3`
                  ├─▶ The build backend returned an error
                  ╰─▶ Call to `setuptools.build_meta.build_wheel` failed (exit status: 1)""");
        assertEquals(Kind.BUILD_ERROR, d.kind());
        assertTrue(d.sentence().startsWith("Building insightface==0.7.3 from source failed"), d.sentence());
    }

    @Test
    void environmentWithoutPip() {
        Diagnosis d = classify("/workspace/envs/viso_env/bin/python: No module named pip");
        assertEquals(Kind.NO_PIP, d.kind());
    }

    @Test
    void timeoutAndGeneric() {
        assertEquals(Kind.TIMEOUT, InstallFailure.classify(List.of("Collecting torch"), -1, true, "4 hours").kind());
        Diagnosis d = InstallFailure.classify(List.of("ERROR: Invalid requirement: 'foo==='"), 1, false, "4 hours");
        assertEquals(Kind.GENERIC, d.kind());
        assertTrue(d.sentence().contains("exit code 1"), d.sentence());
    }
}
