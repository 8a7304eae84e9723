#!/usr/bin/env bash
# Prints the home of a JDK of the given feature version or newer (default 21, the build's --release):
# JAVA_HOME when it is one, else the newest such JDK among the `java` on PATH and the usual install places
# (/usr/lib/jvm, /usr/java, /opt/java, macOS JavaVirtualMachines, SDKMAN!, IntelliJ's ~/.jdks, asdf).
# Exit code 1, and a line on standard error, when there is none. Used by .ci/run and ./adstream; Maven
# finds the same JDKs itself (maven-toolchains-plugin, see pom.xml).
#
# Usage: scripts/find-jdk.sh [MIN_FEATURE_VERSION]
set -euo pipefail
min="${1:-21}"

# The feature version of the JDK at $1: from its release file (no JVM start), else by running it.
feature() {
  local version=""
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  if [ -f "$1/release" ]; then
    version="$(sed -n 's/^JAVA_VERSION="\([^"]*\)"/\1/p' "$1/release")"
  fi
  if [ -z "$version" ]; then
    version="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  fi
  version="${version#1.}"
  version="${version%%[.+-]*}"
  [ -n "$version" ] && echo "$version"
}

if [ -n "${JAVA_HOME:-}" ] && [ "$(feature "$JAVA_HOME" || echo 0)" -ge "$min" ]; then
  echo "$JAVA_HOME"; exit 0
fi

candidates=()
if command -v java >/dev/null 2>&1; then
  candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
fi
for dir in /usr/lib/jvm/* /usr/java/* /opt/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home \
           "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* "$HOME"/.asdf/installs/java/*; do
  [ -d "$dir" ] && candidates+=("$dir")
done

best="" best_feature=0
for dir in "${candidates[@]}"; do
  f="$(feature "$dir" || echo 0)"
  if [ "$f" -ge "$min" ] && [ "$f" -gt "$best_feature" ]; then best="$(readlink -f "$dir")" best_feature="$f"; fi
done
if [ -z "$best" ]; then
  echo "no JDK $min or newer found (JAVA_HOME, PATH, /usr/lib/jvm, ...): install one, or set JAVA_HOME to it" >&2
  exit 1
fi
echo "$best"
