# csws — build, demo, test and benchmark. `make test` and `make demo` work on a fresh
# Debian/Ubuntu machine with Swift: missing system packages are installed with apt-get.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := libgit2-dev libsqlite3-dev sqlite3 pkg-config git python3 python3-venv openssh-server openssh-client chromium

.PHONY: all build release deps embed demo test bench clean install uninstall

all: build

# Installs what the build and tests need, only when something is missing (a package removed but
# not purged still has a dpkg record: only "install ok installed" counts).
deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# Regenerates the Swift sources that embed schemas/ and workspace-template/.
embed:
	python3 scripts/embed-resources.py

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

demo: build
	bash scripts/demo.sh

# check-jsonschema (from PyPI) is the independent validator our schema verdicts are compared with;
# PyYAML in the same venv runs the report's independent oracle (Tests/…/Scripts/report_oracle.py).
# Chromium (Debian's, from deps) loads the HTML dashboard in the browser tests.
CJS_VENV := .build/venv-check-jsonschema
$(CJS_VENV)/bin/check-jsonschema:
	python3 -m venv $(CJS_VENV) && $(CJS_VENV)/bin/pip install -q check-jsonschema

$(CJS_VENV)/.pyyaml: $(CJS_VENV)/bin/check-jsonschema
	$(CJS_VENV)/bin/pip install -q pyyaml && touch $@

test: deps $(CJS_VENV)/bin/check-jsonschema $(CJS_VENV)/.pyyaml
	$(SWIFT) build --build-tests
	CHECK_JSONSCHEMA=$(CURDIR)/$(CJS_VENV)/bin/check-jsonschema ORACLE_PYTHON=$(CURDIR)/$(CJS_VENV)/bin/python \
	  $(SWIFT) test --skip-build

bench: deps
	bash bench/run.sh

# `make install PREFIX=/usr/local`: the release binary, completions for bash, zsh and fish, and a
# man page. BINARY names another build to install (the tests install the debug one).
PREFIX ?= /usr/local
BINARY ?= .build/release/csws
INSTALLED := $(DESTDIR)$(PREFIX)/bin/csws $(DESTDIR)$(PREFIX)/share/bash-completion/completions/csws \
  $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_csws $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/csws.fish \
  $(DESTDIR)$(PREFIX)/share/man/man1/csws.1

install: $(if $(filter .build/release/csws,$(BINARY)),release)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/bash-completion/completions \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d \
	  $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BINARY) $(DESTDIR)$(PREFIX)/bin/csws
	$(BINARY) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/csws
	$(BINARY) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_csws
	$(BINARY) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/csws.fish
	bash scripts/manpage.sh $(BINARY) > $(DESTDIR)$(PREFIX)/share/man/man1/csws.1
	@echo "installed csws in $(DESTDIR)$(PREFIX)/bin (completions for bash, zsh, fish; man csws)"

uninstall:
	rm -f $(INSTALLED)

clean:
	rm -rf .build demo bench/work
