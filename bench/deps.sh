# shellcheck shell=bash disable=SC2154
# Shared by the bench scripts (sourced): installing Debian packages and finding a
# python3 with pyahocorasick.  The caller sets `me` (its name, for messages).

# apt_install PKG...: install as root or through sudo, else stop with a message
apt_install() {
  echo "$me: installing $*" >&2
  if [ "$(id -u)" = 0 ]; then sudo=; elif command -v sudo >/dev/null; then sudo=sudo; else
    echo "$me: please install as root: $*" >&2
    exit 2
  fi
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# find_python: the first python3 that imports ahocorasick.  The Debian package
# installs for the system interpreter, which another python3 earlier in PATH
# (pyenv, venv) may not see.
find_python() {
  for py in ${PYTHON:-} python3 /usr/bin/python3; do
    if command -v "$py" >/dev/null && "$py" -c 'import ahocorasick' 2>/dev/null; then
      command -v "$py"
      return 0
    fi
  done
  return 1
}

# ahocorasick_python: find_python, installing python3-ahocorasick when none has it
ahocorasick_python() {
  find_python || { apt_install python3-ahocorasick && find_python; } || {
    echo "$me: no python3 can import ahocorasick" >&2
    return 2
  }
}
