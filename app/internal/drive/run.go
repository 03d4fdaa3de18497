package drive

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/baton-signing/baton/ceremony"
)

// T is what a driver needs of its caller: a *testing.T in the tests, a
// Run's in a tool.
type T interface {
	Helper()
	Error(args ...any)
	Errorf(format string, args ...any)
	Fatal(args ...any)
	Fatalf(format string, args ...any)
	TempDir() string
	Cleanup(func())
}

// Run runs f as a test would, outside a test: f's Error and Errorf make
// Run return an error, Fatal and Fatalf also stop f, as does a panic;
// temporary directories and cleanups go when f returns.
func Run(name string, f func(T)) error {
	root, err := os.MkdirTemp("", "baton-"+name+"-")
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	r := &runner{root: root}
	func() {
		defer func() {
			if p := recover(); p != nil && p != errStop {
				r.Errorf("panic: %v", p)
			}
		}()
		f(r)
	}()
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
	if err := os.RemoveAll(root); err != nil {
		r.Error(err)
	}
	if len(r.errs) > 0 {
		return fmt.Errorf("%s: %s", name, strings.Join(r.errs, "\n\t"))
	}
	return nil
}

var errStop = errors.New("stopped by Fatal")

// runner is the T of Run.
type runner struct {
	root     string
	dirs     int
	cleanups []func()
	errs     []string
}

func (r *runner) Helper()                           {}
func (r *runner) Error(args ...any)                 { r.errs = append(r.errs, fmt.Sprint(args...)) }
func (r *runner) Errorf(format string, args ...any) { r.Error(fmt.Sprintf(format, args...)) }
func (r *runner) Fatal(args ...any)                 { r.Error(args...); panic(errStop) }
func (r *runner) Fatalf(format string, args ...any) { r.Fatal(fmt.Sprintf(format, args...)) }
func (r *runner) Cleanup(f func())                  { r.cleanups = append(r.cleanups, f) }

func (r *runner) TempDir() string {
	r.dirs++
	dir := filepath.Join(r.root, fmt.Sprint(r.dirs))
	if err := os.Mkdir(dir, 0o700); err != nil {
		r.Fatal(err)
	}
	return dir
}

// demo is the demo vault made once per process; drivers work on copies
// of it (CopyDemoVault), as making one takes about a second.
var demo struct {
	once      sync.Once
	root, dir string
	err       error
}

// CopyDemoVault returns a fresh copy of the demo vault in a temporary
// directory of t, with fast new keys.
func CopyDemoVault(t T) *ceremony.Vault {
	t.Helper()
	demo.once.Do(func() {
		if demo.root, demo.err = os.MkdirTemp("", "baton-demo-"); demo.err != nil {
			return
		}
		demo.dir = filepath.Join(demo.root, "demo")
		_, demo.err = ceremony.CreateDemoVault(context.Background(), demo.dir)
	})
	if demo.err != nil {
		t.Fatalf("making the demo vault: %v", demo.err)
	}
	dir := filepath.Join(t.TempDir(), "vault")
	if err := os.CopyFS(dir, os.DirFS(demo.dir)); err != nil {
		t.Fatal(err)
	}
	v, err := ceremony.OpenVault(dir)
	if err != nil {
		t.Fatal(err)
	}
	v.KDFRounds = 4
	if !v.IsDemo() {
		t.Fatal("the copy is not a demo vault")
	}
	return v
}

// RemoveDemoVault removes the demo vault CopyDemoVault made, if it made
// one; call it once no copy is to be made any more.
func RemoveDemoVault() {
	if demo.root != "" {
		os.RemoveAll(demo.root)
	}
}
