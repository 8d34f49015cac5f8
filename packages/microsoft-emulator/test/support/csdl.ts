// A small validator driven by OData CSDL: reads the complex, entity and enum types of a CSDL
// document and checks JSON bodies against them (property names, primitive types, enums,
// collections, nullability, base types), so every response shape is checked against Microsoft's
// published metadata rather than against the emulator's own idea of it.

interface PropertyDefinition {
  name: string;
  type: string;
  nullable: boolean;
}

interface StructuredType {
  kind: "complex" | "entity";
  name: string;
  baseType: string | null;
  openType: boolean;
  properties: Map<string, PropertyDefinition>;
}

interface EnumType {
  kind: "enum";
  name: string;
  members: Set<string>;
}

type TypeDefinition = StructuredType | EnumType;

function attributes(text: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of text.matchAll(/(\w+)="([^"]*)"/g)) found[match[1] ?? ""] = match[2] ?? "";
  return found;
}

function localName(qualified: string): string {
  return qualified.replace(/^graph\./, "").replace(/^microsoft\.graph\./, "");
}

export class CsdlModel {
  private readonly types = new Map<string, TypeDefinition>();

  constructor(xml: string) {
    const blocks = xml.matchAll(/<(ComplexType|EntityType|EnumType)\b([^>]*)>([\s\S]*?)<\/\1>/g);
    for (const [, element, header, body] of blocks) {
      const head = attributes(header ?? "");
      const name = head.Name ?? "";
      if (element === "EnumType") {
        const members = new Set([...(body ?? "").matchAll(/<Member\b([^>]*)\/>/g)].map((member) => attributes(member[1] ?? "").Name ?? ""));
        this.types.set(name, { kind: "enum", name, members });
        continue;
      }
      const properties = new Map<string, PropertyDefinition>();
      for (const property of (body ?? "").matchAll(/<(?:Property|NavigationProperty)\b([^>]*)\/>/g)) {
        const definition = attributes(property[1] ?? "");
        properties.set(definition.Name ?? "", { name: definition.Name ?? "", type: definition.Type ?? "", nullable: definition.Nullable !== "false" });
      }
      this.types.set(name, {
        kind: element === "EntityType" ? "entity" : "complex",
        name,
        baseType: head.BaseType ? localName(head.BaseType) : null,
        openType: head.OpenType === "true",
        properties,
      });
    }
  }

  has(type: string): boolean {
    return this.types.has(localName(type));
  }

  private property(type: StructuredType, name: string): PropertyDefinition | undefined {
    for (let current: StructuredType | undefined = type; current; ) {
      const found = current.properties.get(name);
      if (found) return found;
      const base: TypeDefinition | undefined = current.baseType ? this.types.get(current.baseType) : undefined;
      current = base && base.kind !== "enum" ? base : undefined;
    }
    return undefined;
  }

  /**
   * Problems found validating `value` as `type` ("graph.event", "Collection(graph.event)",
   * "Edm.String"...). Undeclared properties are problems unless the type is listed in `open`
   * (for types the extract only partly describes).
   */
  validate(value: unknown, type: string, options: { open?: ReadonlySet<string> } = {}, path = "$"): string[] {
    const collection = /^Collection\((.+)\)$/.exec(type);
    if (collection?.[1]) {
      if (!Array.isArray(value)) return [`${path}: expected an array for ${type}`];
      return value.flatMap((item, index) => this.validate(item, collection[1] ?? "", options, `${path}[${index}]`));
    }
    switch (type) {
      case "Edm.String":
        return typeof value === "string" ? [] : [`${path}: expected a string`];
      case "Edm.Boolean":
        return typeof value === "boolean" ? [] : [`${path}: expected a boolean`];
      case "Edm.Int32":
        return Number.isInteger(value) ? [] : [`${path}: expected an integer`];
      case "Edm.Double":
        return typeof value === "number" ? [] : [`${path}: expected a number`];
      case "Edm.DateTimeOffset":
        return typeof value === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)
          ? []
          : [`${path}: expected an Edm.DateTimeOffset, got ${JSON.stringify(value)}`];
      case "Edm.Date":
        return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? [] : [`${path}: expected an Edm.Date, got ${JSON.stringify(value)}`];
      default:
        break;
    }
    const definition = this.types.get(localName(type));
    if (!definition) return [`${path}: type ${type} is not in the CSDL`];
    if (definition.kind === "enum") {
      return typeof value === "string" && definition.members.has(value) ? [] : [`${path}: ${JSON.stringify(value)} is not a member of ${definition.name}`];
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return [`${path}: expected an object of ${definition.name}`];
    const problems: string[] = [];
    for (const [name, item] of Object.entries(value)) {
      if (name.startsWith("@") || name.includes("@odata.")) continue;
      const property = this.property(definition, name);
      if (!property) {
        if (!options.open?.has(definition.name)) problems.push(`${path}.${name}: not a property of ${definition.name}`);
        continue;
      }
      if (item === null) {
        if (!property.nullable) problems.push(`${path}.${name}: null, but ${definition.name}.${name} is not nullable`);
        continue;
      }
      problems.push(...this.validate(item, property.type, options, `${path}.${name}`));
    }
    return problems;
  }
}
