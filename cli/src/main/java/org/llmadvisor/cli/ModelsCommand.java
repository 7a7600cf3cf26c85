package org.llmadvisor.cli;

import java.util.List;
import org.llmadvisor.service.CatalogRows;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./advisor models}: the model presets, as {@code GET /api/catalog/models} lists them. */
@Command(
    mixinStandardHelpOptions = true,
    name = "models",
    description = "The model presets (GET /api/catalog/models), filtered.")
final class ModelsCommand extends BaseCommand {

  @Option(names = "--family", description = "Only this family (llama, mistral, gpt2, ...).")
  String family;

  @Option(names = "--search", description = "A word in the id or the name.")
  String search;

  @Option(names = "--max-params", description = "At most this many parameters.")
  Long maxParameters;

  @Override
  public Integer call() {
    CatalogRows.ModelFilter filter = new CatalogRows.ModelFilter(family, search, maxParameters);
    List<CatalogRows.ModelRow> rows =
        refusedAsFlags(
            () -> {
              flag("maxParameters", "--max-params");
              return filter.apply(CatalogRows.models(context().catalogs()));
            });
    return print(
        rows,
        () -> {
          Table t = new Table("id", "name", "family", ">parameters", "nominal");
          rows.forEach(
              r ->
                  t.row(
                      r.id(),
                      r.name(),
                      r.family(),
                      Table.count(r.parameters()),
                      r.nominalParameters()));
          t.print(out());
          out().println();
          out().println(rows.size() + " models.");
        });
  }
}
