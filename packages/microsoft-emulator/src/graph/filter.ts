// The $filter dialect Graph accepts on extended properties:
// singleValueExtendedProperties/any(ep: ep/id eq '...' and ep/value eq '...'), with and / or /
// parentheses / contains / startswith, and the bare "id eq '...'" form used inside $expand.
import { graphErrors } from "./errors.ts";
import { sameExtendedPropertyId } from "./extendedProperties.ts";

export interface ExtendedProperty {
  id: string;
  value: string;
}

export interface ExtendedPropertyFilter {
  /** True when one property satisfies the condition. */
  matchesProperty(property: ExtendedProperty): boolean;
}

type Token = { kind: "word"; text: string } | { kind: "string"; text: string } | { kind: "symbol"; text: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (/\s/.test(char)) {
      index++;
    } else if (char === "'") {
      let value = "";
      index++;
      for (;;) {
        if (index >= text.length) throw graphErrors.invalidFilter();
        if (text.charAt(index) === "'") {
          if (text.charAt(index + 1) === "'") {
            value += "'";
            index += 2;
            continue;
          }
          index++;
          break;
        }
        value += text.charAt(index++);
      }
      tokens.push({ kind: "string", text: value });
    } else if ("(),:".includes(char)) {
      tokens.push({ kind: "symbol", text: char });
      index++;
    } else {
      const match = /^[\w./-]+/.exec(text.slice(index));
      if (!match) throw graphErrors.invalidFilter();
      tokens.push({ kind: "word", text: match[0] });
      index += match[0].length;
    }
  }
  return tokens;
}

type Condition = (property: ExtendedProperty) => boolean;

class Parser {
  private position = 0;

  constructor(
    private readonly tokens: Token[],
    private variable: string | null,
  ) {}

  parseTop(bare: boolean): Condition {
    if (bare) {
      const condition = this.expression();
      this.end();
      return condition;
    }
    const head = this.word();
    const match = /^singleValueExtendedProperties\/any$/i.exec(head);
    if (!match) throw graphErrors.invalidFilter();
    this.symbol("(");
    this.variable = this.word();
    this.symbol(":");
    const condition = this.expression();
    this.symbol(")");
    this.end();
    return condition;
  }

  private expression(): Condition {
    let left = this.term();
    while (this.peekWord("or")) {
      this.position++;
      const right = this.term();
      const previous = left;
      left = (property) => previous(property) || right(property);
    }
    return left;
  }

  private term(): Condition {
    let left = this.factor();
    while (this.peekWord("and")) {
      this.position++;
      const right = this.factor();
      const previous = left;
      left = (property) => previous(property) && right(property);
    }
    return left;
  }

  private factor(): Condition {
    const token = this.tokens[this.position];
    if (token?.kind === "symbol" && token.text === "(") {
      this.position++;
      const inner = this.expression();
      this.symbol(")");
      return inner;
    }
    const word = this.word();
    const functionName = word.toLowerCase();
    if (functionName === "contains" || functionName === "startswith") {
      this.symbol("(");
      const field = this.field(this.word());
      this.symbol(",");
      const literal = this.string().toLowerCase();
      this.symbol(")");
      return (property) => {
        const value = property[field].toLowerCase();
        return functionName === "contains" ? value.includes(literal) : value.startsWith(literal);
      };
    }
    const field = this.field(word);
    const operator = this.word().toLowerCase();
    if (operator !== "eq" && operator !== "ne") throw graphErrors.invalidFilter();
    const literal = this.string();
    const equal: Condition =
      field === "id" ? (property) => sameExtendedPropertyId(property.id, literal) : (property) => property.value.toLowerCase() === literal.toLowerCase();
    return operator === "eq" ? equal : (property) => !equal(property);
  }

  /** "ep/id", "ep/Value" or (bare) "id": which side of the property is compared. */
  private field(path: string): "id" | "value" {
    const parts = path.split("/");
    const name = (parts.length === 2 && this.variable !== null && parts[0] === this.variable ? parts[1] : parts.length === 1 ? parts[0] : undefined)?.toLowerCase();
    if (name === "id" || name === "value") return name;
    throw graphErrors.invalidFilter();
  }

  private peekWord(text: string): boolean {
    const token = this.tokens[this.position];
    return token?.kind === "word" && token.text.toLowerCase() === text;
  }

  private word(): string {
    const token = this.tokens[this.position++];
    if (token?.kind !== "word") throw graphErrors.invalidFilter();
    return token.text;
  }

  private string(): string {
    const token = this.tokens[this.position++];
    if (token?.kind !== "string") throw graphErrors.invalidFilter();
    return token.text;
  }

  private symbol(text: string): void {
    const token = this.tokens[this.position++];
    if (token?.kind !== "symbol" || token.text !== text) throw graphErrors.invalidFilter();
  }

  private end(): void {
    if (this.position !== this.tokens.length) throw graphErrors.invalidFilter();
  }
}

/** Parses a $filter (or, with `bare`, the condition inside $expand's $filter) into a predicate. */
export function parseExtendedPropertyFilter(text: string, options: { bare?: boolean } = {}): ExtendedPropertyFilter {
  const condition = new Parser(tokenize(text), null).parseTop(options.bare ?? false);
  return { matchesProperty: condition };
}
