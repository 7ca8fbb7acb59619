using Spectre.Console.Cli;

namespace FollowerAudit.Cli.Infrastructure;

/// <summary>A minimal container so commands can take their console and clock through the constructor.</summary>
internal sealed class TypeRegistrar : ITypeRegistrar
{
    private readonly Dictionary<Type, Func<object>> _factories = [];

    public void Register(Type service, Type implementation) =>
        _factories[service] = () => Activator.CreateInstance(implementation)!;

    public void RegisterInstance(Type service, object implementation) => _factories[service] = () => implementation;

    public void RegisterLazy(Type service, Func<object> factory) => _factories[service] = factory;

    public ITypeResolver Build() => new Resolver(_factories);

    private sealed class Resolver(Dictionary<Type, Func<object>> factories) : ITypeResolver
    {
        public object? Resolve(Type? type)
        {
            if (type is null)
            {
                return null;
            }

            if (factories.TryGetValue(type, out var factory))
            {
                return factory();
            }

            // Commands and settings: build with the registered services as constructor arguments.
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
            if (constructor is null)
            {
                return Activator.CreateInstance(type);
            }

            var arguments = constructor.GetParameters().Select(p => Resolve(p.ParameterType)).ToArray();
            return constructor.Invoke(arguments);
        }
    }
}
