// Measurements for the universal-design browser tests, evaluated through the DevTools
// protocol (so the page keeps its strict CSP). Defines window.ud.
window.ud = (() => {
  function parse(text) {
    const match = /rgba?\(([^)]+)\)/.exec(text || "");
    if (!match) return null;
    const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  }
  function over(top, bottom) {
    const a = top.a;
    return {
      r: top.r * a + bottom.r * (1 - a),
      g: top.g * a + bottom.g * (1 - a),
      b: top.b * a + bottom.b * (1 - a),
      a: 1,
    };
  }
  function luminance(c) {
    const channel = (v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  }
  function ratio(x, y) {
    const [l1, l2] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100;
  }
  // The colour behind an element: its ancestors' backgrounds composited, white at the bottom.
  function backgroundBehind(element) {
    const layers = [];
    for (let node = element; node && node.nodeType === 1; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a > 0) {
        layers.push(colour);
        if (colour.a === 1) break;
      }
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), { r: 255, g: 255, b: 255, a: 1 });
  }
  function visible(element) {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden";
  }
  function describe(element) {
    const name = element.id ? "#" + element.id : "";
    const kind = element.type ? `[type=${element.type}]` : "";
    const text = (element.innerText || element.value || "").trim().slice(0, 30);
    return `${element.tagName.toLowerCase()}${kind}${name} ${text}`.trim();
  }
  // What shows where a control begins and ends: its border, an inset shadow, or its fill.
  function boundary(element) {
    const style = getComputedStyle(element);
    for (const side of ["Top", "Bottom", "Left"]) {
      const width = parseFloat(style[`border${side}Width`]);
      const colour = parse(style[`border${side}Color`]);
      if (width >= 1 && style[`border${side}Style`] !== "none" && colour && colour.a > 0) {
        return { how: "border", colour };
      }
    }
    if (style.boxShadow && style.boxShadow.includes("inset")) {
      const colour = parse(style.boxShadow);
      if (colour && colour.a > 0) return { how: "inset shadow", colour };
    }
    const fill = parse(style.backgroundColor);
    if (fill && fill.a > 0) return { how: "fill", colour: fill };
    return null;
  }
  const CONTROLS =
    "input:not([type=hidden]), select, textarea, button, .ds-button, .btn, [role=button]";

  return {
    // Non-text contrast (WCAG 1.4.11) of every visible control's boundary against what is behind it.
    // Controls with no boundary at all (text-only buttons) are named by their text, which axe checks.
    controlContrast() {
      const results = [];
      for (const element of document.querySelectorAll(CONTROLS)) {
        if (!visible(element)) continue;
        const found = boundary(element);
        if (!found) continue;
        const behind = backgroundBehind(element.parentElement || element);
        results.push({
          control: describe(element),
          how: found.how,
          ratio: ratio(over(found.colour, behind), behind),
        });
      }
      return results;
    },
    // The focus indicator of the focused element: the best of its outline and its shadow rings,
    // each against the colour behind the element.
    focusContrast() {
      const focused = document.activeElement;
      if (!focused || focused === document.body) return null;
      const rings = [];
      // Designsystemet rings a radio or checkbox together with its label, on the .ds-field around them.
      for (const element of [focused, focused.closest(".ds-field")]) {
        if (element) rings.push(...this.rings(element));
      }
      return { control: describe(focused), ratio: rings.length ? Math.max(...rings) : 0 };
    },
    rings(element) {
      const style = getComputedStyle(element);
      const behind = backgroundBehind(element.parentElement || element);
      const rings = [];
      if (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) {
        const colour = parse(style.outlineColor);
        if (colour && colour.a > 0) rings.push(ratio(over(colour, behind), behind));
      }
      for (const shadow of (style.boxShadow || "").split(/,(?![^(]*\))/)) {
        const colour = parse(shadow);
        if (colour && colour.a > 0) rings.push(ratio(over(colour, behind), behind));
      }
      return rings;
    },
    // Text containers whose text is cut off: overflow hidden/clip and content taller or wider than the box.
    clippedText() {
      const clipped = [];
      for (const element of document.querySelectorAll("body *")) {
        if (!visible(element) || !element.innerText || !element.innerText.trim()) continue;
        const style = getComputedStyle(element);
        const hides = (v) => v === "hidden" || v === "clip";
        // Visually hidden text (the 1 px pattern of .ds-sr-only and the resting skip link) is meant to be.
        const box = element.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1 || element.closest(".ds-sr-only")) continue;
        if (element.tagName === "SELECT" || element.tagName === "OPTION") continue;
        if (
          (hides(style.overflowY) && element.scrollHeight > element.clientHeight + 1) ||
          (hides(style.overflowX) && element.scrollWidth > element.clientWidth + 1)
        ) {
          clipped.push(describe(element));
        }
      }
      return clipped;
    },
    horizontalOverflow() {
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth };
    },
  };
})();
