#!/usr/bin/env bash
# Installs the Bicep CLI into <repo>/.tools/bicep (git-ignored) and prints its path on stdout.
#
# The binary comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 (it ships `tools/bicep`), so this
# needs only NuGet, not the Azure CLI or GitHub downloads. Idempotent: does nothing when .tools/bicep already
# reports the pinned version.
#
#   scripts/install-bicep.sh            # install if missing, print the path
#   BICEP_VERSION=0.49.2 scripts/install-bicep.sh
set -euo pipefail

BICEP_VERSION="${BICEP_VERSION:-0.49.2}"
PACKAGE_ID="Azure.Bicep.CommandLine.linux-x64"

say() { printf '%s\n' "$*" >&2; }

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_dir="$repo_root/.tools"
bicep="$tools_dir/bicep"

installed_version() {
  [ -x "$bicep" ] || return 1
  # "Bicep CLI version 0.49.2 (abcdef0123)"
  "$bicep" --version 2>/dev/null | grep -oE '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1
}

if [ "$(installed_version || true)" = "$BICEP_VERSION" ]; then
  printf '%s\n' "$bicep"
  exit 0
fi

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) say "install-bicep.sh: only linux-x64 is supported (package $PACKAGE_ID); found $(uname -s)-$(uname -m)."; exit 1 ;;
esac
command -v dotnet >/dev/null || { say "install-bicep.sh: the .NET SDK is needed (dotnet was not found)."; exit 1; }

# A throwaway project outside the repository (so the repo's Directory.*.props do not apply) whose only job is
# to download the package into the NuGet global packages folder.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/bicep-download.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
  </PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="$PACKAGE_ID" Version="[$BICEP_VERSION]" />
  </ItemGroup>
</Project>
EOF
say "Downloading $PACKAGE_ID $BICEP_VERSION from NuGet..."
dotnet restore "$work/bicep-download.csproj" -nologo -v quiet --disable-build-servers >&2

packages_root="${NUGET_PACKAGES:-}"
if [ -z "$packages_root" ]; then
  packages_root="$(dotnet nuget locals global-packages --list | sed -E 's/^global-packages: *//' | tr -d '\r')"
fi
package_dir="${packages_root%/}/$(printf '%s' "$PACKAGE_ID" | tr '[:upper:]' '[:lower:]')/$BICEP_VERSION"
if [ ! -f "$package_dir/tools/bicep" ]; then
  say "install-bicep.sh: $package_dir/tools/bicep not found after restore."
  exit 1
fi

mkdir -p "$tools_dir"
# Copy to a temporary name and rename, so a concurrent run never sees a half-written binary.
cp "$package_dir/tools/bicep" "$bicep.tmp.$$"
chmod u+x "$bicep.tmp.$$"
mv -f "$bicep.tmp.$$" "$bicep"

version="$(installed_version || true)"
if [ "$version" != "$BICEP_VERSION" ]; then
  say "install-bicep.sh: $bicep reports version '${version:-?}', expected $BICEP_VERSION."
  exit 1
fi
say "Installed Bicep CLI $version at $bicep"
printf '%s\n' "$bicep"
