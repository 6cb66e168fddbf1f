# swctl: build, check, install.
#
#   make                  debug build
#   make release          static release build of swctl, swctl-runtime, swctl-generator, swctl-init
#   make check            lint + test + check-ring1 + check-box + check-vm (the whole test suite)
#   make install          into $(DESTDIR)$(PREFIX) (run `make release` first)
#   make deb              dist/swctl_VERSION_ARCH.deb from the release build
#   make bench            Benchmarks/*.sh
#
# SCRATCH moves SwiftPM's build directory, so several builds can share a tree
# (`make SCRATCH=.build-mine check`).

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build

SWIFT   ?= $(shell command -v swift 2>/dev/null || echo /opt/swift/usr/bin/swift)
SCRATCH ?= .build
PREFIX  ?= /usr
DESTDIR ?=
BINDIR          := $(PREFIX)/bin
GENERATORDIR    := $(PREFIX)/lib/systemd/system-generators
LIBEXECDIR      := $(PREFIX)/libexec/swctl
UNITDIR         := $(PREFIX)/lib/systemd/system
TMPFILESDIR     := $(PREFIX)/lib/tmpfiles.d
MANDIR          := $(PREFIX)/share/man
IMAGEDIR        := $(PREFIX)/share/swctl/images
BASHCOMPDIR     := $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR      := $(PREFIX)/share/zsh/vendor-completions
FISHCOMPDIR     := $(PREFIX)/share/fish/vendor_completions.d
SYSCONFDIR      := /etc/swctl

SWIFT_BUILD   := $(SWIFT) build --scratch-path $(SCRATCH)
RELEASE_FLAGS := -c release --static-swift-stdlib
RELEASE_BIN   := $(SCRATCH)/release
PRODUCTS      := swctl swctl-runtime swctl-generator swctl-init
MANPAGES      := $(wildcard packaging/man/*.5 packaging/man/*.8)
BUSYBOX       ?= /bin/busybox

# The scripts under Tests/rings read these.
export SCRATCH SWIFT

.PHONY: build release install install-bin demo-image uninstall \
        lint check-release test check-ring1 check-box check-vm check deb bench fmt clean help

build:
	$(SWIFT_BUILD)

release:
	$(SWIFT_BUILD) $(RELEASE_FLAGS)

help:
	@sed -n '2,12p' Makefile | sed 's/^# \{0,1\}//'

# ── install ──────────────────────────────────────────────────────────────────
# Install copies what `make release` built and never builds itself, so
# `sudo make install` after a user's `make release` leaves no root-owned files
# in the build directory.
install: install-bin
	@if [ -x $(BUSYBOX) ]; then \
	    $(MAKE) --no-print-directory demo-image; \
	else \
	    echo "install: $(BUSYBOX) not found: demo image skipped (apt-get install busybox-static)"; \
	fi

install-bin:
	@for p in $(PRODUCTS); do \
	    if [ ! -x $(RELEASE_BIN)/$$p ]; then \
	        echo "install: $(RELEASE_BIN)/$$p is missing: run 'make release' first" >&2; exit 1; \
	    fi; \
	done
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(GENERATORDIR) $(DESTDIR)$(UNITDIR) \
	    $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(SYSCONFDIR)/containers
	install -m 0755 $(RELEASE_BIN)/swctl $(RELEASE_BIN)/swctl-runtime $(DESTDIR)$(BINDIR)/
	install -m 0755 $(RELEASE_BIN)/swctl-generator $(DESTDIR)$(GENERATORDIR)/swctl-generator
	@# RunInit=yes bind-mounts it into containers as their PID 1.
	install -d $(DESTDIR)$(LIBEXECDIR)
	install -m 0755 $(RELEASE_BIN)/swctl-init $(DESTDIR)$(LIBEXECDIR)/init
	@# Every unit in units/ (ctr@.service, swctl-volume@.service, …), with its BINDIR.
	for u in units/*.in; do \
	    n=$$(basename $$u .in); \
	    sed 's|@BINDIR@|$(BINDIR)|g' $$u > $(DESTDIR)$(UNITDIR)/$$n.tmp && chmod 0644 $(DESTDIR)$(UNITDIR)/$$n.tmp \
	        && mv $(DESTDIR)$(UNITDIR)/$$n.tmp $(DESTDIR)$(UNITDIR)/$$n || exit 1; \
	done
	install -m 0644 packaging/tmpfiles.d/swctl.conf $(DESTDIR)$(TMPFILESDIR)/swctl.conf
	@# Completions come from the command definitions themselves (swift-argument-parser).
	install -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	$(RELEASE_BIN)/swctl --generate-completion-script bash > $(DESTDIR)$(BASHCOMPDIR)/swctl
	$(RELEASE_BIN)/swctl --generate-completion-script zsh > $(DESTDIR)$(ZSHCOMPDIR)/_swctl
	$(RELEASE_BIN)/swctl --generate-completion-script fish > $(DESTDIR)$(FISHCOMPDIR)/swctl.fish
	@for m in $(MANPAGES); do \
	    s=$${m##*.}; \
	    install -d $(DESTDIR)$(MANDIR)/man$$s; \
	    echo "install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/"; \
	    install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done

# The demo image: a busybox root filesystem for `Image=$(IMAGEDIR)/busybox`.
demo-image:
	install -d $(DESTDIR)$(IMAGEDIR)
	BUSYBOX=$(BUSYBOX) scripts/make-busybox-rootfs.sh $(DESTDIR)$(IMAGEDIR)/busybox

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,swctl swctl-runtime)
	rm -f $(DESTDIR)$(GENERATORDIR)/swctl-generator
	rm -f $(DESTDIR)$(LIBEXECDIR)/init
	-rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null
	rm -f $(DESTDIR)$(UNITDIR)/swctl-auto-update.service $(DESTDIR)$(UNITDIR)/swctl-auto-update.timer
	rm -f $(DESTDIR)$(UNITDIR)/ctr@.service $(DESTDIR)$(UNITDIR)/swctl-volume@.service $(DESTDIR)$(UNITDIR)/swctl-image@.service \
	    $(DESTDIR)$(UNITDIR)/ctr-health@.service $(DESTDIR)$(UNITDIR)/ctr-health@.timer
	rm -f $(DESTDIR)$(TMPFILESDIR)/swctl.conf
	rm -f $(DESTDIR)$(BASHCOMPDIR)/swctl $(DESTDIR)$(ZSHCOMPDIR)/_swctl $(DESTDIR)$(FISHCOMPDIR)/swctl.fish
	rm -f $(foreach m,$(MANPAGES),$(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m)))
	rm -rf $(DESTDIR)$(IMAGEDIR)
	-rmdir $(DESTDIR)$(PREFIX)/share/swctl 2>/dev/null
	@# The admin's definitions stay; the directory goes only if it is empty.
	-rmdir $(DESTDIR)$(SYSCONFDIR)/containers $(DESTDIR)$(SYSCONFDIR) 2>/dev/null

# ── checks ───────────────────────────────────────────────────────────────────
lint:
	scripts/lint.sh

# The runtime must start without loading the Swift runtime or Foundation.
check-release: release
	scripts/lint.sh --binary $(RELEASE_BIN)/swctl-runtime

# Ring 0 (pure) and the root tests that need nothing special; each test
# gates itself on what it needs.
test:
	$(SWIFT) test --scratch-path $(SCRATCH)

# Ring 1: root on the host (namespaces, mounts, seccomp; runc as a peer).
check-ring1:
	@if [ -x Tests/rings/ring1.sh ]; then \
	    Tests/rings/ring1.sh; \
	else \
	    echo "check-ring1: Tests/rings/ring1.sh is missing or not executable" >&2; exit 1; \
	fi

# Ring 2: the installed product under a real systemd booted in a box.
check-box: check-release
	Tests/rings/ring2-box.sh

# Ring 3: cgroup v2 limits and AppArmor under a real kernel in a VM (QEMU).
check-vm: check-release
	Tests/rings/ring3-vm.sh

CHECK_STAGES := lint test check-ring1 check-box check-vm
# Minutes a stage may take before it is stopped (a hung test must not eat CI's
# whole budget): about five times what each takes on a 2-core machine. From a
# terminal the limit reaches only make (so Ctrl-C still reaches everything);
# without one (CI) it stops the stage's whole process group.
TIMEOUT_lint        := 5
TIMEOUT_test        := 25
TIMEOUT_check-ring1 := 10
TIMEOUT_check-box   := 15
TIMEOUT_check-vm    := 15

# Each stage in order, stopping at the first failure, then a summary.
check:
	@results=(); failed=; \
	for stage in $(CHECK_STAGES); do \
	    echo "══ make $$stage"; \
	    start=$$(date +%s); \
	    case $$stage in \
	    lint) limit=$(TIMEOUT_lint) ;; test) limit=$(TIMEOUT_test) ;; \
	    check-ring1) limit=$(TIMEOUT_check-ring1) ;; check-box) limit=$(TIMEOUT_check-box) ;; \
	    check-vm) limit=$(TIMEOUT_check-vm) ;; \
	    *) limit=30 ;; \
	    esac; \
	    fg=; [ ! -t 0 ] || fg=--foreground; \
	    rc=0; timeout $$fg --kill-after=30 $$((limit * 60)) $(MAKE) --no-print-directory $$stage || rc=$$?; \
	    if [ $$rc -eq 0 ]; then status=ok; \
	    elif [ $$rc -eq 124 ] || [ $$rc -eq 137 ]; then status=TIMEOUT; echo "make $$stage: stopped after $$limit minutes"; \
	    else status=FAILED; fi; \
	    results+=("$$(printf '%-12s %-7s %5ss' $$stage $$status $$(( $$(date +%s) - start )))"); \
	    if [ $$status != ok ]; then failed=$$stage; break; fi; \
	done; \
	echo "══ make check summary"; \
	for r in "$${results[@]}"; do echo "  $$r"; done; \
	for stage in $(CHECK_STAGES); do \
	    printf '%s\n' "$${results[@]}" | grep -q "^$$stage " || printf '  %-12s not run\n' $$stage; \
	done; \
	if [ -n "$$failed" ]; then echo "make check: stopped at $$failed"; exit 1; fi; \
	echo "make check: every stage passed"

# A Debian package of the release build, in dist/ (scripts/make-deb.sh).
deb: release
	SCRATCH=$(SCRATCH) scripts/make-deb.sh dist

bench:
	@shopt -s nullglob; scripts=(Benchmarks/*.sh); \
	if [ $${#scripts[@]} -eq 0 ]; then echo "bench: no Benchmarks/*.sh yet"; exit 0; fi; \
	for b in "$${scripts[@]}"; do echo "══ $$b"; bash "$$b"; done

fmt:
	$(SWIFT) format --in-place --recursive --parallel Package.swift Sources Tests

clean:
	rm -rf $(SCRATCH)
