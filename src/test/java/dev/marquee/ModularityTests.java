package dev.marquee;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Collectors;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module graph of DESIGN.md holds (sale -> hold -> catalog -> shared, nothing cyclic,
 * no module reaching into another's internals), plus the rules Modulith does not check.
 */
class ModularityTests {

	static final ApplicationModules modules = ApplicationModules.of(MarqueeApplication.class);

	static final JavaClasses production = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("dev.marquee");

	@Test
	void modulesRespectTheirDeclaredDependencies() {
		modules.verify();
	}

	@Test
	void writesTheModuleDiagram() {
		new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
	}

	/**
	 * The README opens with the module graph as a Mermaid diagram (GitHub draws it;
	 * Modulith's Documenter writes only PlantUML), made here from the modules' actual
	 * dependencies. Run with {@code -Dmarquee.readme.update=true} to write the current
	 * one into the README.
	 */
	@Test
	void theReadmeShowsTheCurrentModuleDiagram() throws IOException {
		Path readme = Path.of("README.md");
		String text = Files.readString(readme);
		int start = text.indexOf(DIAGRAM_START);
		int end = text.indexOf(DIAGRAM_END);
		assertThat(start).as("README has the module diagram markers").isNotNegative().isLessThan(end);
		String current = text.substring(0, start + DIAGRAM_START.length()) + "\n" + mermaid() + text.substring(end);
		if (Boolean.getBoolean("marquee.readme.update")) {
			Files.writeString(readme, current);
		}
		assertThat(text).as("README's module diagram (-Dmarquee.readme.update=true rewrites it)").isEqualTo(current);
	}

	static final String DIAGRAM_START = "<!-- module diagram: written by ModularityTests -->";

	static final String DIAGRAM_END = "<!-- end of module diagram -->";

	/**
	 * Every module and its direct dependencies, but those on {@code shared}, which all
	 * may use.
	 */
	static String mermaid() {
		StringBuilder diagram = new StringBuilder("```mermaid\nflowchart TD\n");
		modules.stream().sorted(Comparator.comparing(ApplicationModule::getName)).forEach(module -> {
			String uses = module.getDirectDependencies(modules)
				.uniqueModules()
				.map(ApplicationModule::getName)
				.filter(name -> !name.equals("shared") && !name.equals(module.getName()))
				.sorted()
				.collect(Collectors.joining(" & "));
			diagram.append("  ").append(module.getName());
			if (!uses.isEmpty()) {
				diagram.append(" --> ").append(uses);
			}
			diagram.append('\n');
		});
		return diagram.append("```\n").toString();
	}

	@Test
	void aModulesCoreNeverReachesIntoTheWebLayer() {
		noClasses().that()
			.resideOutsideOfPackage("..web..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.marquee.*.web..")
			.check(production);
	}

	@Test
	void repositoriesAreNotPublic() {
		classes().that().areAnnotatedWith(Repository.class).should().notBePublic().check(production);
	}

	@Test
	void controllersLiveInWebPackagesAndAreNotPublic() {
		classes().that()
			.areAnnotatedWith(RestController.class)
			.should()
			.resideInAnyPackage("..web..", "dev.marquee.security..")
			.andShould()
			.notBePublic()
			.check(production);
	}

	@Test
	void productionCodeNeverBlocks() {
		noClasses().should()
			.callMethod(Mono.class, "block")
			.orShould()
			.callMethod(Flux.class, "blockFirst")
			.orShould()
			.callMethod(Flux.class, "blockLast")
			.check(production);
	}

}
