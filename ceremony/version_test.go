package ceremony

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVersionMatchesFyneAppToml keeps the one version constant and the
// packaging metadata (which `make package` reads) in step.
func TestVersionMatchesFyneAppToml(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "FyneApp.toml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var section, version string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			section = line
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if ok && section == "[Details]" && strings.TrimSpace(key) == "Version" {
			version = strings.Trim(strings.TrimSpace(val), `"`)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if version == "" {
		t.Fatal("FyneApp.toml has no [Details] Version")
	}
	if version != Version {
		t.Errorf("FyneApp.toml Version = %q, ceremony.Version = %q", version, Version)
	}
}
