package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
)

// packPrefix is put before the pack's file names in messages and Rule.File, so they read as the
// files of the repository the pack comes from (policy/rules/<slug>/<slug>.rego).
const packPrefix = "policy/"

// source is one Rego file to compile.
type source struct {
	name string // shown to users: the path they gave, or packPrefix + the file's path in the pack
	key  string // the module's key in the compiler: unique across pack and user files
	text string
}

// isPolicyFile reports whether a file name is a Rego file loaded for evaluation: unit tests
// (*_test.rego) are left to the test runner.
func isPolicyFile(name string) bool {
	return strings.HasSuffix(name, ".rego") && !strings.HasSuffix(name, "_test.rego")
}

// packSources lists the pack's Rego files, unit tests excluded.
func packSources(pack fs.FS) ([]source, error) { return packFiles(pack, isPolicyFile) }

// packFiles lists the pack's Rego files whose names keep accepts.
func packFiles(pack fs.FS, keep func(name string) bool) ([]source, error) {
	var out []source
	err := fs.WalkDir(pack, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !keep(p) {
			return nil
		}
		b, err := fs.ReadFile(pack, p)
		if err != nil {
			return err
		}
		out = append(out, source{name: packPrefix + p, key: "pack:" + p, text: string(b)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading the default policy pack: %w", err)
	}
	return out, nil
}

// resolve returns where a path the user gave is read from: relative paths are relative to
// dir when dir is set.
func resolve(dir, name string) string {
	if dir == "" || filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(dir, name)
}

// userSources lists the Rego files a user named: files as given, folders walked recursively
// (hidden folders skipped), unit tests excluded. A file named twice is read once. Relative
// paths are read relative to dir (see Options.Dir) and named as given.
func userSources(dir string, paths []string) ([]source, error) {
	return userFiles(dir, paths, isPolicyFile)
}

// userFiles lists the files a user named whose names keep accepts, as userSources does.
// A file named explicitly must be a .rego file.
func userFiles(dir string, paths []string, keep func(name string) bool) ([]source, error) {
	var out []source
	seen := map[string]bool{}
	add := func(name string) error {
		key := filepath.Clean(name)
		if seen[key] {
			return nil
		}
		seen[key] = true
		b, err := os.ReadFile(resolve(dir, name))
		if err != nil {
			return fmt.Errorf("reading policy %q: %w", name, err)
		}
		out = append(out, source{name: filepath.ToSlash(name), key: "file:" + key, text: string(b)})
		return nil
	}
	for _, p := range paths {
		root := resolve(dir, p)
		info, err := os.Stat(root)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("policy path %q does not exist", p)
		}
		if err != nil {
			return nil, fmt.Errorf("policy path %q: %w", p, err)
		}
		if !info.IsDir() {
			if !strings.HasSuffix(p, ".rego") {
				return nil, fmt.Errorf("policy path %q is not a .rego file or a folder", p)
			}
			if !keep(p) {
				continue // e.g. a unit-test file: the test runner's, not evaluated
			}
			if err := add(p); err != nil {
				return nil, err
			}
			continue
		}
		err = filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if name != root && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if !keep(d.Name()) {
				return nil
			}
			rel, err := filepath.Rel(root, name)
			if err != nil {
				return err
			}
			return add(filepath.Join(p, rel))
		})
		if err != nil {
			return nil, fmt.Errorf("policy path %q: %w", p, err)
		}
	}
	return out, nil
}

// parseSources parses every source as Rego v1 with METADATA processing on, collecting the
// errors of all files.
func parseSources(srcs []source, caps *ast.Capabilities) (map[string]*ast.Module, error) {
	mods := make(map[string]*ast.Module, len(srcs))
	var errs Errors
	for _, s := range srcs {
		m, err := ast.ParseModuleWithOpts(s.name, s.text, ast.ParserOptions{
			ProcessAnnotation: true,
			RegoVersion:       ast.RegoV1,
			Capabilities:      caps,
		})
		if err != nil {
			errs = append(errs, fromASTErrors(err)...)
			continue
		}
		if m == nil {
			errs = append(errs, &Error{File: s.name, Message: "rego_parse_error: empty module: a policy file starts with a package"})
			continue
		}
		mods[s.key] = m
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return mods, nil
}
