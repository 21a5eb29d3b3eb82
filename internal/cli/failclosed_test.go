package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/subpolicy/subpolicy/internal/policy/policytest"
)

// The panicking built-in is registered before any test runs: registering it adds to OPA's
// global table, which engines being loaded in parallel tests read.
func init() { policytest.RegisterPanic() }

// writePolicy writes a policy file into a fresh folder and returns its path.
func writePolicy(t *testing.T, name, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFailClosedPanic: a panic inside a built-in function during evaluation ends `check`
// with exit code 3 and a message naming the page, and no report: never a pass, in every format.
func TestFailClosedPanic(t *testing.T) {
	t.Parallel()
	pol := writePolicy(t, "panics.rego", policytest.PanicPolicy)
	for _, format := range []string{"text", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			t.Parallel()
			out := filepath.Join(t.TempDir(), "report")
			code, stdout, errOut := run(t, "check", "--policy", pol, "--format", format, "--output", out, "--now", now, seedPage)
			if code != ExitRuntime {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitRuntime, errOut)
			}
			want := "subpolicy check: " + seedPage + ": policy evaluation failed: internal error (panic: " + policytest.PanicValue
			if !strings.HasPrefix(errOut, want) {
				t.Errorf("stderr does not start %q:\n%.600s", want, errOut)
			}
			if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) || stdout != "" {
				t.Errorf("a report was written without a result (%v, stdout %q)", err, stdout)
			}
		})
	}
}

// TestFailClosedTimeout: a runaway policy ends `check` with exit code 2, a message and no
// report.
func TestFailClosedTimeout(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "report.sarif")
	code, _, errOut := run(t, "check", "--policy", writePolicy(t, "slow.rego", policytest.SlowPolicy), "--policy-timeout", "100ms",
		"--format", "sarif", "--output", out, seedPage)
	if code != ExitUsage || !strings.Contains(errOut, seedPage+": policy evaluation timed out after 100ms") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a SARIF report was written without a result (%v)", err)
	}
}

// TestFailClosedUnreadable: a page that cannot be read (a dangling symbolic link or a named
// pipe, named or met in a folder) is exit code 2 with a message, never a skip, and a named
// pipe never makes `check` wait. (Tests run as root, who can read a file with permissions
// 000, so those are not among them.)
func TestFailClosedUnreadable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, want string
		make       func(path string) error
	}{
		{"dangling symbolic link", "is a symbolic link", func(p string) error { return os.Symlink("gone.md", p) }},
		{"named pipe", "it is a named pipe, not a regular file", mkfifo},
	}
	for _, tt := range tests {
		for _, named := range []bool{true, false} {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "good.md"), []byte("# Notes\n"), 0o644); err != nil {
					t.Fatal(err)
				}
				bad := filepath.Join(dir, "bad.md")
				if err := tt.make(bad); err != nil {
					t.Skipf("cannot create a %s: %v", tt.name, err)
				}
				arg := dir
				if named {
					arg = bad
				}
				type result struct {
					code   int
					errOut string
				}
				done := make(chan result, 1)
				go func() {
					code, _, errOut := run(t, "check", "--now", now, arg)
					done <- result{code, errOut}
				}()
				select {
				case r := <-done:
					if r.code != ExitUsage || !strings.Contains(r.errOut, bad) || !strings.Contains(r.errOut, tt.want) {
						t.Errorf("check %s: exit %d, want %d with a message naming %s and saying %q:\n%s", arg, r.code, ExitUsage, bad, tt.want, r.errOut)
					}
				case <-time.After(time.Minute):
					t.Fatalf("check %s did not end within a minute", arg)
				}
			})
		}
	}
}

// TestDiffNamedPipe: diff and check --base read their pages as check does, so a named pipe is
// refused at once instead of waited on.
func TestDiffNamedPipe(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := filepath.Join(dir, "good.md")
	if err := os.WriteFile(good, []byte("# Notes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pipe := filepath.Join(dir, "pipe.md")
	if err := mkfifo(pipe); err != nil {
		t.Skipf("cannot create a named pipe: %v", err)
	}
	for _, args := range [][]string{{"diff", pipe, good}, {"check", "--now", now, "--base", pipe, good}} {
		done := make(chan string, 1)
		go func() {
			code, _, errOut := run(t, args...)
			done <- fmt.Sprintf("%d %s", code, errOut)
		}()
		select {
		case got := <-done:
			if !strings.HasPrefix(got, fmt.Sprint(ExitUsage)) || !strings.Contains(got, "it is a named pipe, not a regular file") {
				t.Errorf("%v: %s", args, got)
			}
		case <-time.After(time.Minute):
			t.Fatalf("%v did not end within a minute", args)
		}
	}
}
