# syntax=docker/dockerfile:1.7
# VisoMaster Launcher on Vast.ai: the Vast base image (portal, Jupyter, SSH, supervisor) plus a KasmVNC
# desktop on which the launcher starts by itself and installs VisoMaster into /workspace.
#   docker build -t visomaster-launcher .
# See docs/image.md for the template fields and what runs where.

# The base: Vast's CUDA 12.4.1 image. Since 2026-03 Vast publishes only dated tags and `cuda-X.Y.Z-auto`
# (the undated cuda-12.4.1-cudnn-devel-ubuntu22.04 no longer moves). `-auto` follows Vast's recommended
# Ubuntu/Python for CUDA 12.4.1; to pin, pass a dated tag from Docker Hub's list
# (`--build-arg BASE_IMAGE=vastai/base-image:cuda-12.4.1-cudnn-devel-ubuntu22.04-py310-YYYY-MM-DD`), and
# move it by changing that one argument (docs/image.md, "Moving the base image").
ARG BASE_IMAGE=vastai/base-image:cuda-12.4.1-auto
ARG JDK_IMAGE=eclipse-temurin:17.0.15_6-jdk-jammy

# ---------------------------------------------------------------------------------------------------
# Build stage: the launcher jar, its libraries and a jlink'd Java runtime that includes JavaFX.
FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY src/ src/
COPY assets/ assets/
COPY scripts/package-launcher.sh scripts/visomaster-launcher scripts/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -Dmaven.test.skip=true package \
 && ./scripts/package-launcher.sh target /opt/visomaster-launcher

# ---------------------------------------------------------------------------------------------------
# Runtime stage.
FROM ${BASE_IMAGE}

ARG KASMVNC_VERSION=1.5.0
# Empty: the release's kasmvncserver_<Ubuntu codename>_<version>_<arch>.deb from GitHub. CI passes a
# stand-in package (ci/standin/) as a file:// URL.
ARG KASMVNC_DEB_URL=
ARG TARGETARCH

LABEL org.opencontainers.image.title="VisoMaster Launcher" \
      org.opencontainers.image.description="KasmVNC desktop for Vast.ai that installs and runs VisoMaster"

# The portal entries: the base image's Instance Portal and Jupyter, plus the desktop (KasmVNC) and the
# launcher's browser drop page. Apps listen on 127.0.0.1:<internal port>; Caddy serves <external port>.
ENV PORTAL_CONFIG="localhost:1111:11111:/:Instance Portal|localhost:6901:16901:/:Desktop|localhost:7860:17860:/:Upload|localhost:8080:18080:/:Jupyter|localhost:8080:8080:/terminals/1:Jupyter Terminal" \
    OPEN_BUTTON_PORT=1111 \
    VNC_RESOLUTION=1600x900 \
    VNC_USER=visomaster \
    VISO_HEADLESS=0 \
    LANG=C.UTF-8 \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics,video

SHELL ["/bin/bash", "-o", "pipefail", "-c"]

# One apt layer: KasmVNC (its .deb through apt so its dependencies resolve), XFCE with file manager,
# terminal and fonts, xdg-open (xdg-utils, XFCE's exo-open) and a text viewer (mousepad) for the window's
# "Show log" and "Open log folder", what JavaFX needs, what VisoMaster's Qt needs, ffmpeg and git.
# Ubuntu package versions are not pinned one by one: jammy-updates drops superseded versions, so exact
# pins break the build within weeks; the base image tag and KASMVNC_VERSION are the pins.
RUN arch="${TARGETARCH:-$(dpkg --print-architecture)}" \
 && codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-jammy}")" \
 && curl -fsSL --retry 5 -o /tmp/kasmvncserver.deb \
      "${KASMVNC_DEB_URL:-https://github.com/kasmtech/KasmVNC/releases/download/v${KASMVNC_VERSION}/kasmvncserver_${codename}_${KASMVNC_VERSION}_${arch}.deb}" \
 && apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      /tmp/kasmvncserver.deb \
      xfce4-session xfwm4 xfce4-panel xfdesktop4 xfce4-settings xfconf thunar xfce4-terminal \
      xdg-utils exo-utils mousepad \
      dbus-x11 at-spi2-core adwaita-icon-theme librsvg2-common \
      fonts-dejavu-core fonts-liberation2 \
      x11-utils x11-xserver-utils \
      libgtk-3-0 libxtst6 libxxf86vm1 libgl1 libegl1 libglib2.0-0 \
      libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
      libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 \
      ffmpeg git ca-certificates \
 && mkdir -p /etc/xdg/xfce4/xfconf/xfce-perchannel-xml \
 && cp /etc/xdg/xfce4/panel/default.xml /etc/xdg/xfce4/xfconf/xfce-perchannel-xml/xfce4-panel.xml \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/* /tmp/kasmvncserver.deb

COPY --from=build /opt/visomaster-launcher/ /opt/visomaster-launcher/
COPY kasmvnc/ /opt/visomaster/kasmvnc/
COPY scripts/ /opt/visomaster/scripts/
COPY kasmvnc/kasmvnc.yaml /etc/kasmvnc/kasmvnc.yaml
COPY supervisor/ /etc/supervisor/conf.d/
COPY scripts/boot/ /etc/vast_boot.d/
COPY scripts/profile.d/visomaster-display.sh scripts/profile.d/visomaster-completion.sh /etc/profile.d/
COPY desktop-entries/visomaster-launcher.desktop desktop-entries/visomaster.desktop /usr/share/applications/
# XFCE settings of this image, merged by xfconf over the packages' own (which keep the Failsafe session):
# desktop-session.sh puts /etc/xdg/visomaster first in XDG_CONFIG_DIRS.
COPY desktop-entries/xfce/ /etc/xdg/visomaster/xfce4/xfconf/xfce-perchannel-xml/
COPY notebooks/ /notebooks/
COPY assets/icons/visomaster-launcher.png assets/icons/visomaster.png /usr/share/icons/hicolor/128x128/apps/
COPY assets/icons/visomaster-launcher.svg assets/icons/visomaster.svg /usr/share/icons/hicolor/scalable/apps/

# /vast_ai_provisioning_script.sh and /src/provisioning_script.sh: the entry points Vast's on-start scripts
# look for. /logs: links to both log places. Bash completion of the launcher's commands, options, steps and
# profiles (generated in the build stage; loaded by bash-completion, or by /etc/profile.d in login shells).
RUN ln -sfn /opt/visomaster-launcher/bin/visomaster-launcher /usr/local/bin/visomaster-launcher \
 && mkdir -p /etc/bash_completion.d \
 && ln -sfn /opt/visomaster-launcher/completion/visomaster-launcher.bash /etc/bash_completion.d/visomaster-launcher \
 && ln -sfn /opt/visomaster/scripts/open-launcher.sh /usr/local/bin/visomaster-open \
 && ln -sfn /opt/visomaster/scripts/provision-entry.sh /vast_ai_provisioning_script.sh \
 && mkdir -p /src /logs \
 && ln -sfn /opt/visomaster/scripts/provision-entry.sh /src/provisioning_script.sh \
 && ln -sfn /var/log/portal /logs/portal \
 && ln -sfn /workspace/logs /logs/workspace \
 && /opt/visomaster/scripts/image-check.sh

# Documentation only: Vast maps the ports named in the template.
EXPOSE 1111 6901 7860 8080
# ENTRYPOINT and CMD stay the base image's (/opt/instance-tools/bin/entrypoint.sh).
