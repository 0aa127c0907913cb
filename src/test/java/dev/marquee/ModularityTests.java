package dev.marquee;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;
import org.springframework.stereotype.Repository;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module graph of DESIGN.md holds (sale -> hold -> catalog -> shared, nothing cyclic, no
 * module reaching into another's internals), plus the rules Modulith does not check.
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

	@Test
	void aModulesCoreNeverReachesIntoTheWebLayer() {
		noClasses().that().resideOutsideOfPackage("..web..")
			.should().dependOnClassesThat().resideInAPackage("dev.marquee.*.web..")
			.check(production);
	}

	@Test
	void repositoriesAreNotPublic() {
		classes().that().areAnnotatedWith(Repository.class).should().notBePublic().check(production);
	}

	@Test
	void controllersLiveInWebPackagesAndAreNotPublic() {
		classes().that().areAnnotatedWith(RestController.class)
			.should().resideInAnyPackage("..web..", "dev.marquee.security..")
			.andShould().notBePublic()
			.check(production);
	}

	@Test
	void productionCodeNeverBlocks() {
		noClasses().should().callMethod(Mono.class, "block")
			.orShould().callMethod(Flux.class, "blockFirst")
			.orShould().callMethod(Flux.class, "blockLast")
			.check(production);
	}

}
